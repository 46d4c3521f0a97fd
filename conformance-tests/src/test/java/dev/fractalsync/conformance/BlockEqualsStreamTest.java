package dev.fractalsync.conformance;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import static dev.fractalsync.conformance.BrokenPluginsTest.assertCheck;
import static dev.fractalsync.conformance.BrokenPluginsTest.assertOnlyFailure;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code block-equals-stream}: processBlock must give what process gives hop by hop. Conforming providers that keep
 * state across calls pass; block calls that drop state, repeat an output, go by the arrays' length instead of the
 * count or throw fail with the first differing output.
 */
class BlockEqualsStreamTest {
    private static final ConformanceSuite SUITE = new ConformanceSuite(ContractFiles.v1(),
            SuiteOptions.defaults().withDemoSeconds(5).withEdgeSeconds(1));
    private static final double HOP_SECONDS = 1024 / 48000.0;

    /** A 120 BPM clock that advances its own count hop by hop (stream state the block call must carry along). */
    static class CountingBeat implements BeatClockProvider {
        static final double SPB = 0.5;
        double beats;

        @Override
        public String id() {
            return "counting";
        }

        @Override
        public String name() {
            return "Counting";
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
            beats += HOP_SECONDS / SPB;
            return state(hop);
        }

        BeatClockState state(AudioHop hop) {
            return new BeatClockState(hop.tSec(), SPB, BeatClockState.wrapPhase(beats), (long) beats + 1, 0.8, null);
        }

        @Override
        public void reset() {
            beats = 0;
        }

        @Override
        public void close() {
        }
    }

    /** Batches its work: advances the clock for the whole block first, then reads each hop's state back from it. */
    static class BatchingBeat extends CountingBeat {
        @Override
        public void processBlock(AudioHop[] hops, int count, BeatClockState[] out) {
            double start = beats;
            beats += count * HOP_SECONDS / SPB;
            double end = beats;
            for (int i = 0; i < count; i++) {
                beats = start + (i + 1) * HOP_SECONDS / SPB;
                out[i] = state(hops[i]);
            }
            beats = end;
        }
    }

    @Test
    void beatProviderWithCorrectBatchingPasses() {
        ConformanceReport r = SUITE.run(BatchingBeat::new);
        assertCheck(r, "block-equals-stream", Verdict.PASS, "234 outputs of demo-song in 10 blocks of [64, 1, 7] match");
        assertTrue(r.passed(), () -> r.failures().toString());
    }

    @Test
    void defaultProcessBlockPasses() {
        ConformanceReport r = SUITE.run(CountingBeat::new);
        assertCheck(r, "block-equals-stream", Verdict.PASS, "234 outputs of demo-song");
        assertTrue(r.passed(), () -> r.failures().toString());
    }

    @Test
    void blockThatSkipsEveryFifthStateUpdateIsCaught() {
        ConformanceReport r = SUITE.run(() -> new CountingBeat() {
            @Override
            public void processBlock(AudioHop[] hops, int count, BeatClockState[] out) {
                for (int i = 0; i < count; i++) {
                    out[i] = i % 5 == 4 ? state(hops[i]) : process(hops[i]);
                }
            }
        });
        assertCheck(r, "block-equals-stream", Verdict.FAIL,
                "demo-song hop 4 (t=0.107 s), input 5 of a block of 64: phase: process gave 0.213333333, processBlock gave 0.170666667",
                "more)");
        assertOnlyFailure(r, "block-equals-stream");
    }

    @Test
    void blockThatGoesByTheArrayLengthInsteadOfTheCountIsCaught() {
        ConformanceReport r = SUITE.run(() -> new CountingBeat() {
            @Override
            public void processBlock(AudioHop[] hops, int count, BeatClockState[] out) {
                for (int i = 0; i < hops.length; i++) {
                    out[i] = process(hops[i]);
                }
            }
        });
        // the 64-hop block is right; the block of 1 after it comes in the same 64-slot array and advances 64 hops
        assertCheck(r, "block-equals-stream", Verdict.FAIL, "demo-song hop 65 (t=1.408 s), input 1 of a block of 7: beat_count: process gave 3, processBlock gave 6");
        assertOnlyFailure(r, "block-equals-stream");
    }

    @Test
    void blockThatThrowsFailsTheCheckWithoutStoppingTheSuite() {
        ConformanceReport r = SUITE.run(() -> new CountingBeat() {
            @Override
            public void processBlock(AudioHop[] hops, int count, BeatClockState[] out) {
                throw new IllegalStateException("counting: block buffer not allocated\n\tat a line the report leaves out");
            }
        });
        assertCheck(r, "block-equals-stream", Verdict.FAIL, "demo-song hop 0 (t=0.021 s): processBlock of a block of 64 "
                + "threw IllegalStateException: counting: block buffer not allocated");
        assertTrue(r.result("close-idempotent").isPresent() && r.result("thread-leak").isPresent(),
                "the suite went on after the throw: " + r.results());
        assertOnlyFailure(r, "block-equals-stream");
    }

    @Test
    void blockIsNotJudgedWhenResetDoesNotRestoreAFreshRun() {
        ConformanceReport r = SUITE.run(() -> new BatchingBeat() {
            @Override
            public void reset() {
                beats = 0.25; // a quarter beat off after every reset
            }
        });
        assertCheck(r, "reset", Verdict.FAIL, "demo-song hop 0");
        assertCheck(r, "block-equals-stream", Verdict.WARN, "not judged: reset() does not restore a fresh run");
    }

    /**
     * Section and hazard probabilities from the newest audio frame and the sine of the beat phase, so that neighbouring inputs
     * differ and a window that moved on would show.
     */
    static class WindowStructure implements StructureProvider {
        @Override
        public String id() {
            return "window-structure";
        }

        @Override
        public String name() {
            return "Window structure";
        }

        @Override
        public int contractMajor() {
            return 1;
        }

        @Override
        public void open(ProviderContext context) {
        }

        @Override
        public StructureState process(StructureInput input) {
            FeatureWindow audio = input.audioWindow();
            double energy = 0;
            for (int f = 0; f < audio.width(); f++) {
                energy += audio.get(audio.frames() - 1, f);
            }
            double phaseSine = input.beatWindow().get(input.beatWindow().frames() - 1, 0);
            double[] sections = new double[SectionLabel.COUNT];
            double sum = 0;
            for (int j = 0; j < sections.length; j++) {
                sections[j] = Math.exp(Math.sin((j + 1) * (energy + 3 * phaseSine)));
                sum += sections[j];
            }
            for (int j = 0; j < sections.length; j++) {
                sections[j] /= sum;
            }
            double[] hazards = new double[Horizons.COUNT];
            for (int k = 0; k < hazards.length; k++) {
                hazards[k] = (k + 1) * (0.5 + 0.5 * Math.sin(energy + phaseSine)) / hazards.length;
            }
            return new StructureState(sections, hazards, null);
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void structureProviderReadingItsWindowsDuringTheBlockPasses() {
        ConformanceReport r = SUITE.run(WindowStructure::new);
        assertCheck(r, "block-equals-stream", Verdict.PASS, "117 outputs of demo-song in 4 blocks of [64, 1, 7] match");
        assertTrue(r.passed(), () -> r.failures().toString());
    }

    @Test
    void structureBlockThatReturnsTheFirstStateForAllIsCaught() {
        ConformanceReport r = SUITE.run(() -> new WindowStructure() {
            @Override
            public void processBlock(StructureInput[] inputs, int count, StructureState[] out) {
                StructureState first = process(inputs[0]);
                for (int i = 0; i < count; i++) {
                    out[i] = first;
                }
            }
        });
        assertCheck(r, "block-equals-stream", Verdict.FAIL, "demo-song hop 2 (t=0.064 s), input 2 of a block of 64: "
                + "section_probs[0]: process gave", "processBlock gave");
        assertOnlyFailure(r, "block-equals-stream");
    }
}
