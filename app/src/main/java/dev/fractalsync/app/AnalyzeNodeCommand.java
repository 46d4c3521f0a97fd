package dev.fractalsync.app;

import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.bus.StateBus;
import dev.fractalsync.clock.LiveDriver;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.ProviderWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "analyze-node", description = "Analyze FILE (or 'demo', or --mic) in real time and publish every SlowState "
        + "on the clustered event bus for render nodes.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync analyze-node song.wav --loop --members 10.0.0.2",
                "  fractalsync analyze-node --mic --osc 127.0.0.1:9000"})
final class AnalyzeNodeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzeNodeCommand.class);

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Audio file, a named pipe or '-' for standard input (not with --loop), or 'demo' "
                    + "for the bundled demo song (none with --mic).")
    String file;

    @Option(names = "--mic", description = "Analyze the microphone instead of a file.")
    boolean mic;

    @Option(names = "--loop", description = "Start the file again when it ends, until stopped.")
    boolean loop;

    @Option(names = "--playback", description = "Also play the file on this machine's sound card.")
    boolean playback;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    LiveOutputOptions liveOutputs;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    CaptureOptions capture;

    @Override
    public Integer call() throws Exception {
        if (liveOutputs.listedMidi() || capture.listedDevices()) {
            return 0;
        }
        capture.check(mic);
        if (!mic) {
            AudioArgument.require(file, "analyze-node");
        } else if (file != null) {
            throw new UsageException("analyze-node --mic analyzes the microphone: drop FILE (" + file + "), or drop --mic");
        }
        if (loop && !mic) {
            AudioArgument.requireRereadable(file, "--loop");
        }
        liveOutputs.validate();
        cluster.check();
        ProviderWiring engine = engineOptions.wiring();
        ClusterOptions.Node node = cluster.start();
        LOG.info("analysis node joined cluster {}", cluster);
        try (FractalSyncEngine clock = FractalSyncEngine.openLive(engine); StateBus bus = node.bus(engine.contract().version());
             LiveOutputs outputs = new LiveOutputs(clock, bus, engine.contract().hopSeconds(), liveOutputs)) {
            // the grid before the state of its hop, as the slow clock hands them to a local fast clock
            clock.addGridListener(bus::publishGrid);
            clock.addStateListener(bus::publish);
            do {
                // the file is decoded as it plays, opened again for each --loop round
                AudioFileReader audio = mic ? null : AudioArgument.open(file);
                LiveDriver driver;
                try {
                    driver = mic ? clock.listen(capture.device, 0) : clock.play(audio, playback, 0);
                } catch (Exception | Error e) {
                    if (audio != null) {
                        audio.close();
                    }
                    throw e;
                }
                outputs.follow(driver);
                try (audio; driver) {
                    while (!driver.finished()) {
                        Thread.sleep(100);
                    }
                }
                if (driver.failure() != null) {
                    throw new IllegalStateException("audio driver failed: " + driver.failure().getMessage());
                }
                clock.reset();
            } while (loop && !mic);
        } finally {
            node.close();
        }
        return 0;
    }
}
