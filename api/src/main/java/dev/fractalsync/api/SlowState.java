package dev.fractalsync.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the slow clock publishes once per hop and holds between updates: the source of truth for the fast clock.
 *
 * @param hopIndex  zero-based hop number on the contract clock (48 kHz / 1024)
 * @param beat      beat clock at this hop
 * @param structure structure estimate (held between decimated updates)
 * @param section   the held section label: the engine's one section decision at this hop (made once by the slow
 *                  clock; section changes, the .lab, OSC, the bus and the rendered labels all read it from here)
 * @param features  the F_audio frame of this hop, in contract order
 * <p>
 * JSON (module {@code fractalsync.json}): {@code {"hop":..,"beat":{..},"section":"verse","structure":{..},
 * "features":[..]}}.
 */
public final class SlowState {
    private final long hopIndex;
    private final BeatClockState beat;
    private final StructureState structure;
    private final SectionLabel section;
    private final float[] features;

    public SlowState(long hopIndex, BeatClockState beat, StructureState structure, SectionLabel section,
                     float[] features) {
        if (hopIndex < 0) {
            throw new IllegalArgumentException("hop must be >= 0, got " + hopIndex);
        }
        this.hopIndex = hopIndex;
        this.beat = Objects.requireNonNull(beat, "beat");
        this.structure = Objects.requireNonNull(structure, "structure");
        this.section = Objects.requireNonNull(section, "section");
        this.features = Objects.requireNonNull(features, "features").clone();
        for (int i = 0; i < this.features.length; i++) {
            if (!Float.isFinite(this.features[i])) {
                throw new IllegalArgumentException("features[" + i + "] must be finite, got " + this.features[i]);
            }
        }
    }

    public long hopIndex() {
        return hopIndex;
    }

    public BeatClockState beat() {
        return beat;
    }

    public StructureState structure() {
        return structure;
    }

    /** The held section label (never null). */
    public SectionLabel section() {
        return section;
    }

    public float[] features() {
        return features.clone();
    }

    public float feature(int i) {
        return features[i];
    }

    public int featureCount() {
        return features.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlowState s && hopIndex == s.hopIndex && beat.equals(s.beat)
                && structure.equals(s.structure) && section == s.section && Arrays.equals(features, s.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hopIndex, beat, structure, section, Arrays.hashCode(features));
    }

    @Override
    public String toString() {
        return "SlowState[hop=" + hopIndex + ", beat=" + beat + ", section=" + section.contractName() + ", structure="
                + structure + "]";
    }
}
