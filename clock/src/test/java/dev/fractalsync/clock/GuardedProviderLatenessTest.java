package dev.fractalsync.clock;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live call over its budget is late, not failed: a busy machine that delays a cheap provider now and then leaves no
 * status, and a provider late on every call is replaced only by a provider of another kind.
 */
class GuardedProviderLatenessTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final long BUDGET_NANOS = Duration.ofMillis(20).toNanos();

    /** A provider whose {@code n}-th call sleeps 100 ms when {@code slow} says so. */
    private static final class Sleepy implements Provider {
        private final String id;
        private final IntPredicate slow;
        private final AtomicInteger calls = new AtomicInteger();

        Sleepy(String id, IntPredicate slow) {
            this.id = id;
            this.slow = slow;
        }

        int step() {
            int n = calls.getAndIncrement();
            if (slow.test(n)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return n;
        }

        public String id() { return id; }
        public String name() { return id; }
        public int contractMajor() { return 1; }
        public void open(ProviderContext context) { }
        public void reset() { }
        public void close() { }
    }

    private static GuardedProvider<Sleepy> guard(Sleepy provider, String fallbackId) {
        return new GuardedProvider<>("controller", provider, ProviderContext.defaults(CONTRACT),
                () -> new Sleepy(fallbackId, n -> false), BUDGET_NANOS, 8, new ProviderThread("controller"),
                Duration.ofSeconds(10));
    }

    /** Calls as a frame loop does, a frame every millisecond or so (a late call's thread skips the frames it spans). */
    private static void frames(GuardedProvider<Sleepy> guard, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            guard.call(Sleepy::step, n -> true, -1);
            Thread.sleep(1);
        }
    }

    /** Calls that wait out each late call, so that every one reaches the provider and each late one counts. */
    private static void slowFrames(GuardedProvider<Sleepy> guard, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            guard.call(Sleepy::step, n -> true, -1);
            Thread.sleep(110);
        }
    }

    @Test
    void anOccasionalLateCallIsNeitherAFailureNorAStatus() throws Exception {
        Sleepy rules = new Sleepy("rules", n -> n % 50 == 0);
        try (GuardedProvider<Sleepy> guard = guard(rules, "rules")) {
            frames(guard, 400);
            assertTrue(guard.lateCalls() >= 3, "late calls: " + guard.lateCalls());
            assertEquals(0, guard.failures());
            assertEquals("", guard.status());
            assertSame(rules, guard.current());
        }
    }

    @Test
    void aProviderLateOnEveryCallIsNotReplacedByOneOfItsOwnKind() throws Exception {
        Sleepy rules = new Sleepy("rules", n -> true);
        try (GuardedProvider<Sleepy> guard = guard(rules, "rules")) {
            slowFrames(guard, 12);
            assertSame(rules, guard.current());
            assertFalse(guard.fellBack());
            assertEquals(0, guard.failures());
            assertTrue(guard.status().startsWith("controller: rules late ("), guard.status());
            assertTrue(guard.status().endsWith("of recent calls over the 20 ms budget)"), guard.status());
        }
    }

    @Test
    void aProviderLateOnEveryCallGivesWayToAFasterKind() throws Exception {
        Sleepy onnx = new Sleepy("onnx", n -> true);
        try (GuardedProvider<Sleepy> guard = guard(onnx, "rules")) {
            slowFrames(guard, 12);
            assertTrue(guard.fellBack());
            assertEquals("rules", guard.current().id());
            assertEquals("controller: fallback to rules (onnx too slow)", guard.status());
        }
    }
}
