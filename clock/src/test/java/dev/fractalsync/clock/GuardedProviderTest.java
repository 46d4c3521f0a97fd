package dev.fractalsync.clock;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Providers that overflow the stack, run out of memory or never return: the guard contains them and the run ends. */
class GuardedProviderTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final int HOP = CONTRACT.hop();
    private static final int HOPS = 200;

    /** An opened oscillator: the fallback of the guards under test. */
    static PlaceholderOscillator oscillator() {
        PlaceholderOscillator o = new PlaceholderOscillator();
        try {
            o.open(ProviderContext.defaults(CONTRACT));
        } catch (ProviderException e) {
            throw new AssertionError(e);
        }
        return o;
    }

    /** The oscillator, with {@code misbehave} run at hop {@code at} (and later hops). */
    private static BeatClockProvider misbehaving(int at, IntConsumer misbehave) {
        PlaceholderOscillator inner = oscillator();
        return new BeatClockProvider() {
            public String id() { return "hostile"; }
            public String name() { return "hostile"; }
            public int contractMajor() { return 1; }
            public void open(ProviderContext context) { }
            public BeatClockState process(AudioHop hop) {
                if (hop.index() >= at) {
                    misbehave.accept((int) hop.index());
                }
                return inner.process(hop);
            }
            public void reset() { inner.reset(); }
            public void close() { }
        };
    }

    private static List<SlowState> run(BeatClockProvider beat, Duration timeout, GuardedProvider<?>[] guardOut) {
        GuardedProvider<BeatClockProvider> guard = new GuardedProvider<>("beat", beat, ProviderContext.defaults(CONTRACT),
                GuardedProviderTest::oscillator, 0, 8, new ProviderThread("beat"), timeout);
        guardOut[0] = guard;
        List<SlowState> states = new ArrayList<>();
        try (SlowClock c = new SlowClock(CONTRACT, guard, new GuardedProvider<>("structure",
                new NeutralStructureProvider(), ProviderContext.defaults(CONTRACT), NeutralStructureProvider::new, 0, 8), 2)) {
            c.addListener(states::add);
            OfflineDriver.run(new float[HOP * HOPS], HOP, c, null);
        }
        return states;
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void stackOverflowSwitchesToTheFallbackAtOnce() {
        GuardedProvider<?>[] g = new GuardedProvider<?>[1];
        List<SlowState> states = run(misbehaving(30, i -> recurse(i)), GuardedProvider.DEFAULT_TIMEOUT, g);
        assertEquals(HOPS, states.size());
        assertTrue(g[0].fellBack());
        assertEquals(1, g[0].failures());
        assertEquals("oscillator", g[0].current().id());
        assertTrue(g[0].status().contains("StackOverflowError"), g[0].status());
    }

    @Test
    void outOfMemorySwitchesToTheFallbackAtOnce() {
        GuardedProvider<?>[] g = new GuardedProvider<?>[1];
        List<SlowState> states = run(misbehaving(10, i -> {
            // a real OutOfMemoryError ("Requested array size exceeds VM limit") thrown before any allocation or GC:
            // a size the VM could hold in principle (MAX_VALUE - 8) made it collect first, which took over the 10 s
            // watchdog on a loaded machine
            long[] huge = new long[Integer.MAX_VALUE];
            huge[i] = i;
        }), GuardedProvider.DEFAULT_TIMEOUT, g);
        assertEquals(HOPS, states.size());
        assertTrue(g[0].fellBack());
        assertTrue(g[0].status().contains("OutOfMemoryError"), g[0].status());
    }

    @Test
    void otherErrorsAreFailuresLikeExceptions() {
        GuardedProvider<?>[] g = new GuardedProvider<?>[1];
        run(misbehaving(50, i -> {
            throw new AssertionError("plugin assertion");
        }), GuardedProvider.DEFAULT_TIMEOUT, g);
        assertTrue(g[0].fellBack());
        assertEquals(8, g[0].failures());
    }

    @Test
    void aCallThatNeverReturnsIsAbandonedForTheFallback() {
        CountDownLatch never = new CountDownLatch(1);
        GuardedProvider<?>[] g = new GuardedProvider<?>[1];
        List<SlowState> states = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(misbehaving(40, i -> {
            while (true) {
                try {
                    never.await(); // ignores interrupts, as a hostile loop would
                } catch (InterruptedException ignored) {
                    // keep hanging
                }
            }
        }), Duration.ofMillis(300), g));
        assertEquals(HOPS, states.size());
        assertTrue(g[0].fellBack());
        assertEquals("oscillator", g[0].current().id());
        long last = -1;
        for (SlowState s : states) {
            assertTrue(s.beat().beatCount() >= last);
            last = s.beat().beatCount();
        }
        assertTrue(last >= 8, "the fallback keeps counting (4.3 s at 120 BPM): " + last);
    }

    @Test
    void everyCallRunsOnTheProviderThreadAndTheOutputIsDeterministic() {
        List<String> threads = new ArrayList<>();
        BeatClockProvider recording = misbehaving(0, i -> threads.add(Thread.currentThread().getName()));
        GuardedProvider<?>[] g = new GuardedProvider<?>[1];
        List<String> a = run(recording, GuardedProvider.DEFAULT_TIMEOUT, g).stream().map(StateJson::write).toList();
        List<String> b = run(misbehaving(0, i -> { }), GuardedProvider.DEFAULT_TIMEOUT, g).stream().map(StateJson::write).toList();
        assertEquals(a, b);
        assertFalse(g[0].fellBack());
        assertTrue(threads.stream().allMatch("fractalsync-beat-provider"::equals), threads.toString());
        assertNotSame(Thread.currentThread().getName(), threads.get(0));
    }

    @Test
    void constructionAndOpenAreWatchedToo() {
        ProviderThread t = new ProviderThread("beat");
        ProviderException e = assertThrows(ProviderException.class, () -> GuardedProvider.open(() -> {
            throw new java.util.ServiceConfigurationError("Provider x could not be instantiated",
                    new ExceptionInInitializerError(new IllegalStateException("no model file")));
        }, ProviderContext.defaults(CONTRACT), t, Duration.ofSeconds(5), "beat provider 'x'"));
        assertEquals("beat provider 'x' could not be constructed (IllegalStateException: no model file)", e.getMessage());

        ProviderThread t2 = new ProviderThread("beat");
        ProviderException slow = assertThrows(ProviderException.class, () -> GuardedProvider.open(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            return oscillator();
        }, ProviderContext.defaults(CONTRACT), t2, Duration.ofMillis(200), "beat provider 'slow'"));
        assertEquals("beat provider 'slow' did not finish constructing and opening within 0.2 s; abandoned", slow.getMessage());
    }
}
