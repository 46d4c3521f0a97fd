package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.bus.StateBus;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.FastFrame;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "render-node", description = "Join the cluster, receive SlowStates from an analysis node and follow them "
        + "at render rate; keeps going on the last state when the analysis node goes away.",
        footerHeading = "%nExample:%n",
        footer = {"  fractalsync render-node --members 10.0.0.1"})
final class RenderNodeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RenderNodeCommand.class);

    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until killed).")
    Double seconds;

    @Option(names = "--contract", description = "Model contract JSON (default: the bundled v1).")
    java.nio.file.Path contractFile;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        ModelContract contract = contractFile == null ? ModelContract.v1() : ModelContract.load(contractFile);
        Vertx vertx = cluster.start();
        LOG.info("render node joined cluster {}", cluster);
        FastClock fast = new FastClock(contract);
        RemoteStreamClock time = new RemoteStreamClock();
        try (StateBus bus = StateBus.on(vertx, contract.version())) {
            bus.subscribe(s -> {
                if (time.received(s)) {
                    fast.reset();
                }
                fast.accept(s);
            });
            long start = System.nanoTime();
            while (seconds == null || (System.nanoTime() - start) / 1e9 < seconds) {
                FastFrame f = fast.sample(time.now());
                if (f != null) {
                    System.out.printf("t=%7.2fs  %6.1f BPM  phase %.2f  beat %4d  %-10s hop %d  age %.2fs%n", f.tSec(),
                            f.beat().bpm(), f.beat().phase(), f.beat().beatCount(), f.section().contractName(),
                            f.source().hopIndex(), time.age());
                    System.out.flush();
                }
                Thread.sleep(250);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        return 0;
    }

    /** Stream time on a node that only sees states: the newest state's time plus the local time since it arrived. */
    static final class RemoteStreamClock {
        private volatile double stateTime;
        private volatile long receivedNanos;
        private volatile long lastHop = -1;

        /** Takes a state; true when it starts a new stream (the analysis node restarted). */
        boolean received(SlowState s) {
            boolean restarted = s.hopIndex() < lastHop;
            if (restarted) {
                LOG.info("analysis restarted (hop {} after {}); following the new stream", s.hopIndex(), lastHop);
            }
            lastHop = s.hopIndex();
            stateTime = s.beat().tSec();
            receivedNanos = System.nanoTime();
            return restarted;
        }

        double now() {
            return receivedNanos == 0 ? 0 : stateTime + age();
        }

        /** Seconds since the last state arrived. */
        double age() {
            return receivedNanos == 0 ? 0 : (System.nanoTime() - receivedNanos) / 1e9;
        }
    }
}
