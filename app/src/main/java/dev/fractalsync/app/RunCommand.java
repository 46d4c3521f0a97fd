package dev.fractalsync.app;

import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.bus.StateBus;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.FastFrame;
import dev.fractalsync.clock.LiveDriver;
import dev.fractalsync.clock.SlowClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "run", description = "Run live: play FILE (or 'demo', the default) or listen to the microphone, "
        + "and follow beat and structure in real time.")
final class RunCommand implements Callable<Integer> {
    /** Index of the 4-beat horizon in hazard_probs. */
    private static final int HAZARD_4_BEATS = 2;

    @Parameters(index = "0", arity = "0..1", defaultValue = AudioArgument.DEMO,
            description = "Audio file or 'demo' (default).")
    String file;

    @Option(names = "--mic", description = "Listen to the default microphone instead of a file.")
    boolean mic;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: until the audio ends).")
    Double seconds;

    @Option(names = "--no-playback", description = "Do not play the file through the sound card (wall-clock pacing).")
    boolean noPlayback;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws Exception {
        Engine engine = new Engine(engineOptions);
        long budget = (long) (engine.contract.hopSeconds() * 1e9);
        try (SlowClock clock = engine.slowClock(budget); StateBus bus = StateBus.local(engine.contract.version())) {
            FastClock fast = new FastClock(engine.contract);
            clock.addListener(bus::publish);
            bus.subscribe(fast::accept);
            LiveDriver driver;
            if (mic) {
                driver = LiveDriver.microphone(clock, engine.contract.sampleRate(), engine.contract.hop());
            } else {
                MonoAudio audio = AudioArgument.load(file, engine.contract);
                driver = LiveDriver.playFile(audio.samples(), clock, engine.contract.sampleRate(), engine.contract.hop(), !noPlayback);
            }
            try (driver) {
                printLoop(driver, fast, clock);
            }
        }
        return 0;
    }

    /** Without a renderer: a compact live line four times a second. */
    private void printLoop(LiveDriver driver, FastClock fast, SlowClock clock) throws InterruptedException {
        while (!driver.finished()) {
            double t = driver.streamTime();
            if (seconds != null && t >= seconds) {
                break;
            }
            FastFrame f = fast.sample(t);
            if (f != null) {
                System.out.printf("t=%7.2fs  %6.1f BPM  phase %.2f  beat %4d  %-10s %.2f  hazard@4 %.2f%s%n", f.tSec(),
                        f.beat().bpm(), f.beat().phase(), f.beat().beatCount(), f.section().contractName(),
                        f.structure().sectionProb(f.section()), f.structure().hazardProb(HAZARD_4_BEATS),
                        clock.status().isEmpty() ? "" : "  [" + clock.status() + "]");
            }
            Thread.sleep(250);
        }
        if (driver.failure() != null) {
            throw new IllegalStateException("audio driver failed: " + driver.failure().getMessage());
        }
    }
}
