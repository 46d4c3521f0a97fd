package dev.fractalsync.clock;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;
import dev.fractalsync.dsp.HopCutter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At the default level, {@link TempoLevel#AUTO}, the host publishes half time while the beat provider suggests it, and
 * the tracker's beats otherwise; a level the user chose wins, and a provider whose suggestion throws suggests nothing.
 */
class TempoLevelAutoTest {
    /** The 120 BPM oscillator, suggesting half time where {@code half} holds for the hop's time. */
    private static final class Suggesting implements BeatClockProvider {
        private final PlaceholderOscillator oscillator = OscillatorClock.oscillator();
        private final DoublePredicate half;

        Suggesting(DoublePredicate half) {
            this.half = half;
        }

        @Override
        public String id() {
            return "suggesting";
        }

        @Override
        public String name() {
            return "oscillator that suggests half time";
        }

        @Override
        public int contractMajor() {
            return 1;
        }

        @Override
        public void open(ProviderContext context) {
        }

        @Override
        public BeatClockState process(AudioHop hop) {
            return oscillator.process(hop);
        }

        @Override
        public boolean suggestsHalfTime(double tSec) {
            return half.test(tSec);
        }

        @Override
        public void reset() {
            oscillator.reset();
        }

        @Override
        public void close() {
        }
    }

    private static List<BeatClockState> run(DoublePredicate half, TempoLevel level) {
        ProviderContext ctx = ProviderContext.defaults(OscillatorClock.CONTRACT);
        List<BeatClockState> out = new ArrayList<>();
        try (SlowClock c = new SlowClock(OscillatorClock.CONTRACT,
                new GuardedProvider<>("beat", new Suggesting(half), ctx, OscillatorClock::oscillator, 0, 8),
                new GuardedProvider<>("structure", new NeutralStructureProvider(), ctx, NeutralStructureProvider::new, 0,
                        8), 2)) {
            if (level != null) {
                c.setTempoLevel(level);
            }
            assertEquals(level == null ? TempoLevel.AUTO : level, c.tempoLevel());
            c.addListener(s -> out.add(s.beat()));
            float[] audio = new float[48_000 * 20];
            HopCutter.cut(audio, OscillatorClock.CONTRACT.hop(), (buf, index) -> c.processHop(buf.clone()));
        }
        return out;
    }

    @Test
    void theDefaultPublishesHalfTimeWhileTheProviderSuggestsIt() {
        List<BeatClockState> states = run(t -> t >= 8 && t < 14, null);
        long last = -1;
        for (BeatClockState s : states) {
            double expected = s.tSec() >= 8.05 && s.tSec() < 14 ? 1.0 : 0.5;
            if (Math.abs(s.tSec() - 8) > 0.05 && Math.abs(s.tSec() - 14) > 0.05) {
                assertEquals(expected, s.spb(), 1e-9, "spb at " + s.tSec());
            }
            assertTrue(s.beatCount() >= last, "the count went back at " + s.tSec());
            last = s.beatCount();
        }
        BeatClockState end = states.get(states.size() - 1);
        // 8 s at 120 BPM, 6 s at 60, 6 s at 120: about 34 beats, not the tracker's 40
        assertEquals(34, end.beatCount(), 1.5);
    }

    @Test
    void aLevelTheUserChoseWins() {
        for (BeatClockState s : run(t -> true, TempoLevel.AS_TRACKED)) {
            assertEquals(0.5, s.spb(), 1e-9);
        }
        for (BeatClockState s : run(t -> false, TempoLevel.DOUBLE)) {
            assertEquals(0.25, s.spb(), 1e-9);
        }
    }

    @Test
    void aSuggestionThatThrowsIsNone() {
        for (BeatClockState s : run(t -> {
            throw new IllegalStateException("broken plugin");
        }, null)) {
            assertEquals(0.5, s.spb(), 1e-9);
        }
    }
}
