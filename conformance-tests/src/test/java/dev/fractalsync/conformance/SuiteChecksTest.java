package dev.fractalsync.conformance;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static dev.fractalsync.conformance.BrokenPluginsTest.assertCheck;
import static dev.fractalsync.conformance.BrokenPluginsTest.assertOnlyFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The life-cycle checks, each shown to fail on a provider that breaks exactly that rule. */
class SuiteChecksTest {
    private static final ConformanceSuite SUITE = new ConformanceSuite(ContractFiles.v1(),
            SuiteOptions.defaults().withDemoSeconds(5).withEdgeSeconds(1));

    /** Conforming 120 BPM grid; subclasses break one rule each. */
    static class GridBeat implements BeatClockProvider {
        @Override
        public String id() {
            return "grid";
        }

        @Override
        public String name() {
            return "Grid";
        }

        @Override
        public int contractMajor() {
            return 1;
        }

        @Override
        public void open(ProviderContext context) throws ProviderException {
        }

        double spb() {
            return 0.5;
        }

        @Override
        public BeatClockState process(AudioHop hop) {
            double beats = hop.tSec() / spb();
            return new BeatClockState(hop.tSec(), spb(), BeatClockState.wrapPhase(beats), (long) beats + 1, 0.8, null);
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void conformingProviderPassesEveryCheck() {
        ConformanceReport r = SUITE.run(GridBeat::new);
        assertTrue(r.passed(), () -> r.failures().toString());
        assertEquals("grid", r.id());
        assertEquals("factory", r.origin());
    }

    @Test
    void badIdentityIsCaught() {
        ConformanceReport r = SUITE.run(() -> new GridBeat() {
            @Override
            public String id() {
                return "Grid_Beat";
            }

            @Override
            public String name() {
                return " ";
            }
        });
        assertCheck(r, "identity", Verdict.FAIL, "id 'Grid_Beat' is not lowercase", "name is empty");
    }

    @Test
    void refusingToOpenIsCaught() {
        ConformanceReport r = SUITE.run(() -> new GridBeat() {
            @Override
            public void open(ProviderContext context) throws ProviderException {
                throw new ProviderException("grid: model file grid.onnx not found");
            }
        });
        assertCheck(r, "open", Verdict.FAIL, "open() refused: grid: model file grid.onnx not found");
        assertTrue(r.result("process").isEmpty(), "no step may run on a provider that did not open");
    }

    @Test
    void tempoOutsideTheContractRangeIsCaught() {
        ConformanceReport r = SUITE.run(() -> new GridBeat() {
            @Override
            double spb() {
                return 0.2; // 300 BPM
            }
        });
        assertCheck(r, "tempo-range", Verdict.FAIL, "tempo 300.00 BPM");
        assertOnlyFailure(r, "tempo-range");
    }

    @Test
    void wrongTimeStampOnlyWarns() {
        ConformanceReport r = SUITE.run(() -> new GridBeat() {
            @Override
            public BeatClockState process(AudioHop hop) {
                BeatClockState s = super.process(hop);
                return new BeatClockState(hop.index() * 1024 / 48000.0, s.spb(), s.phase(), s.beatCount(), s.conf(), null);
            }
        });
        assertCheck(r, "time-stamp", Verdict.WARN, "demo-song hop 0 (t=0.021 s): t_sec 0.000000");
        assertTrue(r.passed());
    }

    @Test
    void sharedStateBetweenInstancesBreaksDeterminism() {
        AtomicLong shared = new AtomicLong();
        ConformanceReport r = SUITE.run(() -> new GridBeat() {
            @Override
            public BeatClockState process(AudioHop hop) {
                BeatClockState s = super.process(hop);
                return new BeatClockState(s.tSec(), s.spb(), s.phase(), s.beatCount(), (shared.incrementAndGet() % 1000) / 1000.0, null);
            }
        });
        assertCheck(r, "determinism", Verdict.FAIL, "demo-song hop 0", "first instance gave", "second instance gave");
    }

    @Test
    void resetThatKeepsStateIsCaught() {
        ConformanceReport r = SUITE.run(() -> new GridBeat() {
            private long offset;
            private long calls;

            @Override
            public BeatClockState process(AudioHop hop) {
                BeatClockState s = super.process(hop);
                calls++;
                return new BeatClockState(s.tSec(), s.spb(), s.phase(), s.beatCount() + offset, s.conf(), null);
            }

            @Override
            public void reset() {
                offset = calls; // forgets to start over
            }
        });
        assertCheck(r, "reset", Verdict.FAIL, "demo-song hop 0", "fresh run gave", "after reset() gave");
        assertOnlyFailure(r, "reset");
    }

    @Test
    void secondCloseThatThrowsIsCaught() {
        ConformanceReport r = SUITE.run(() -> new GridBeat() {
            private boolean closed;

            @Override
            public void close() {
                if (closed) {
                    throw new IllegalStateException("already closed");
                }
                closed = true;
            }
        });
        assertCheck(r, "close-idempotent", Verdict.FAIL, "second close() threw IllegalStateException: already closed");
    }

    @Test
    void hangingProviderTimesOutInsteadOfHangingTheCaller() {
        ConformanceSuite quick = new ConformanceSuite(ContractFiles.v1(),
                SuiteOptions.defaults().withDemoSeconds(5).withEdgeSeconds(1).withTimeout(Duration.ofMillis(500)));
        ConformanceReport r = quick.run(() -> new GridBeat() {
            @Override
            public BeatClockState process(AudioHop hop) {
                if (hop.index() == 3) {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait();
                    }
                }
                return super.process(hop);
            }
        });
        assertCheck(r, "suite-timeout", Verdict.FAIL, "at process at demo-song hop 3");
        assertTrue(r.seconds() < 5, "the caller waited " + r.seconds() + " s");
    }

    @Test
    void latencyOverBudgetOnlyWarnsWhenNotEnforced() {
        ConformanceSuite lenient = new ConformanceSuite(ContractFiles.v1(),
                SuiteOptions.defaults().withDemoSeconds(2).withEdgeSeconds(0.5).withLatencyEnforced(false));
        ConformanceReport r = lenient.run(() -> new GridBeat() {
            @Override
            public BeatClockState process(AudioHop hop) {
                try {
                    Thread.sleep(hop.index() % 10 == 0 ? 25 : 0); // 10% of the calls: p99 over budget
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.process(hop);
            }
        });
        assertCheck(r, "latency", Verdict.WARN, "latency not enforced in this run");
        assertTrue(r.passed());
    }

    /** A controller that computes out-of-range controls fails control-bounds, not just process. */
    @Test
    void controllerOutOfBoundsIsCaught() {
        ConformanceReport r = SUITE.run(() -> new ControllerProvider() {
            @Override
            public String id() {
                return "overshoot";
            }

            @Override
            public String name() {
                return "Overshoot";
            }

            @Override
            public int contractMajor() {
                return 1;
            }

            @Override
            public void open(ProviderContext context) {
            }

            @Override
            public ControlVector process(ControllerInput input) {
                double[] v = input.previous().toArray();
                v[6] = input.structure().hazardProb(4) * 1.5; // zoom_pulse may exceed 1
                return ControlVector.fromArray(v);
            }

            @Override
            public void reset() {
            }

            @Override
            public void close() {
            }
        });
        assertCheck(r, "control-bounds", Verdict.FAIL, "the provider built an invalid ControlVector", "zoom_pulse must be in [0.0, 1.0]");
        assertOnlyFailure(r, "control-bounds");
    }
}
