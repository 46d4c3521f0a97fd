package dev.fractalsync.benchmarks;

import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;

/** The demo song cut into the contract's hops, handed out in a cycle, so that a benchmark's hops are real music. */
final class DemoHops {
    private final float[][] hops;
    private int next;

    DemoHops(ModelContract contract) {
        hops = HopCutter.split(DemoSong.render(SongSpec.demo()).samples(), contract.hop());
    }

    /** The next hop; after the song's last, its first again. */
    float[] next() {
        float[] h = hops[next];
        next = next + 1 == hops.length ? 0 : next + 1;
        return h;
    }

    /** The index of the hop {@link #next} hands out next. */
    int position() {
        return next;
    }
}
