package dev.fractalsync.engine;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StreamEventsTest {
    private static final double HOP = 0.1;

    private static SlowState state(int hop, SectionLabel probable, SectionLabel held, double hazard1) {
        BeatClockState beat = new BeatClockState((hop + 1) * HOP, 0.5, 0.5, 0, 0.9, null);
        StructureState s = StructureState.certain(probable, new double[]{hazard1, hazard1, hazard1, hazard1, hazard1});
        return new SlowState(hop, beat, s, held, new float[22]);
    }

    @Test
    void sectionChangesAreTheHeldSectionsChangesDatedAtTheirState() {
        List<SectionChange> changes = new ArrayList<>();
        StreamEvents events = new StreamEvents(HOP, 0.5);
        EngineListener l = new EngineListener() {
            @Override
            public void onSectionChange(SectionChange c) {
                changes.add(c);
            }
        };
        int h = 0;
        for (; h < 20; h++) {
            events.accept(state(h, SectionLabel.VERSE, SectionLabel.VERSE, 0), l);
        }
        for (int k = 0; k < 30; k++, h++) { // the provider says chorus, the held section is still verse: no change
            events.accept(state(h, SectionLabel.CHORUS, SectionLabel.VERSE, 0), l);
        }
        int chorusFrom = h;
        for (int k = 0; k < 30; k++, h++) {
            events.accept(state(h, SectionLabel.CHORUS, SectionLabel.CHORUS, 0), l);
        }
        assertEquals(2, changes.size());
        assertNull(changes.get(0).from());
        assertEquals(SectionLabel.VERSE, changes.get(0).to());
        assertEquals(HOP, changes.get(0).tSec(), 1e-9);
        assertEquals(SectionLabel.VERSE, changes.get(1).from());
        assertEquals(SectionLabel.CHORUS, changes.get(1).to());
        assertEquals((chorusFrom + 1) * HOP, changes.get(1).tSec(), 1e-9, "dated at the state that first holds it");
        assertEquals(1.0, changes.get(1).confidence());
    }

    @Test
    void boundaryWarningsFireOncePerCrossingPerHorizon() {
        List<BoundaryWarning> warnings = new ArrayList<>();
        StreamEvents events = new StreamEvents(HOP, 0.5);
        EngineListener l = new EngineListener() {
            @Override
            public void onBoundaryAhead(BoundaryWarning w) {
                warnings.add(w);
            }
        };
        double[] hazards = {0.1, 0.6, 0.7, 0.45, 0.55, 0.3, 0.8};
        for (int h = 0; h < hazards.length; h++) {
            events.accept(state(h, SectionLabel.VERSE, SectionLabel.VERSE, hazards[h]), l);
        }
        assertEquals(2 * 5, warnings.size()); // at 0.6 and again at 0.8 (0.45 is within the re-arm margin)
        assertEquals(16, warnings.get(4).horizonBeats());
        assertEquals(8.0, warnings.get(4).horizonSec(), 1e-9);
    }
}
