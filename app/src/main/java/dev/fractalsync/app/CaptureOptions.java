package dev.fractalsync.app;

import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.CaptureDevices;
import picocli.CommandLine.Option;

import java.util.List;

/** Which audio input {@code --mic} listens to ({@code run}, {@code analyze-node}). */
final class CaptureOptions {
    @Option(names = "--device", paramLabel = "NAME|INDEX", description = "With --mic: the capture device, by its "
            + "index in --list-devices or a part of its name (default: the first one). Any sample rate it offers is "
            + "used and resampled once.")
    String device;

    @Option(names = "--list-devices", description = "List the audio capture devices (index, name) and exit.")
    boolean listDevices;

    /**
     * Prints the capture devices to stdout when {@code --list-devices} was given; true if it did (the command then
     * ends). With no device at all that is one line on stderr and a failure.
     */
    boolean listedDevices() throws AudioInputException {
        if (!listDevices) {
            return false;
        }
        List<CaptureDevices.Device> devices = CaptureDevices.list();
        CaptureDevices.select(devices, null); // no device: the one clear line
        for (CaptureDevices.Device d : devices) {
            System.out.println(d.describe());
        }
        return true;
    }

    /** {@code --device} only means something with {@code --mic}. */
    void check(boolean mic) {
        if (device != null && !mic) {
            throw new UsageException("--device chooses the microphone: use it with --mic");
        }
    }
}
