package dev.fractalsync.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The audio input devices of this machine (javax.sound.sampled mixers that offer a {@link TargetDataLine}), choosing
 * one by index or name, and the capture format to open it with: 16-bit PCM at whatever rate and channel count the
 * device offers (the contract rate when it is offered), since {@link AudioStream} mixes and resamples any input once.
 */
public final class CaptureDevices {
    /** One capture device: its position in the list, what the sound system calls it, and the formats it offers. */
    public record Device(int index, String name, String description, List<AudioFormat> formats, Mixer.Info mixer) {
        public Device {
            formats = List.copyOf(formats);
        }

        /** One line for {@code --list-devices}. */
        public String describe() {
            return index + ": " + name + (description == null || description.isBlank() ? "" : " - " + description);
        }
    }

    private CaptureDevices() {
    }

    /** Every mixer that can capture, in the sound system's order (index 0 first). */
    public static List<Device> list() {
        List<Device> devices = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer mixer = AudioSystem.getMixer(info);
            List<AudioFormat> formats = new ArrayList<>();
            for (Line.Info line : mixer.getTargetLineInfo()) {
                if (line instanceof DataLine.Info data && TargetDataLine.class.isAssignableFrom(data.getLineClass())) {
                    formats.addAll(List.of(data.getFormats()));
                }
            }
            if (!formats.isEmpty()) {
                devices.add(new Device(devices.size(), info.getName(), info.getDescription(), formats, info));
            }
        }
        return devices;
    }

    /**
     * The device {@code choice} names: null for the first, a number for that index, otherwise the one device whose
     * name contains it (ignoring case). Anything else is one line that says what exists.
     */
    public static Device select(List<Device> devices, String choice) throws AudioInputException {
        if (devices.isEmpty()) {
            throw new AudioInputException("no capture device: the sound system of this machine offers no audio input "
                    + "(no microphone or line-in, or no access to it)");
        }
        if (choice == null || choice.isBlank()) {
            return devices.get(0);
        }
        String wanted = choice.strip();
        if (wanted.matches("\\d+")) {
            int index = Integer.parseInt(wanted);
            if (index < devices.size()) {
                return devices.get(index);
            }
            throw new AudioInputException("--device " + wanted + ": no such index; the capture devices are "
                    + summary(devices));
        }
        String needle = wanted.toLowerCase(Locale.ROOT);
        List<Device> exact = devices.stream().filter(d -> d.name().equalsIgnoreCase(wanted)).toList();
        if (exact.size() == 1) {
            return exact.get(0);
        }
        List<Device> matches = devices.stream().filter(d -> d.name().toLowerCase(Locale.ROOT).contains(needle)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new AudioInputException("--device " + wanted + (matches.isEmpty() ? ": matches no capture device; they are "
                : ": matches several capture devices, give the index: ") + summary(matches.isEmpty() ? devices : matches));
    }

    /**
     * The format to open {@code device} with: 16-bit signed PCM, the contract rate when offered (or when the device
     * leaves the rate open), else the highest rate it names; fewer channels first.
     */
    public static AudioFormat captureFormat(Device device, int preferredRate) throws AudioInputException {
        Optional<AudioFormat> best = device.formats().stream()
                .filter(f -> f.getEncoding() == AudioFormat.Encoding.PCM_SIGNED && f.getSampleSizeInBits() == 16)
                .min(Comparator.<AudioFormat>comparingInt(f -> rateRank(f, preferredRate))
                        .thenComparingInt(f -> -Math.round(f.getSampleRate()))
                        .thenComparingInt(f -> f.getChannels() == AudioSystem.NOT_SPECIFIED ? 1 : f.getChannels())
                        .thenComparing(f -> f.isBigEndian()));
        if (best.isEmpty()) {
            throw new AudioInputException("capture device '" + device.name() + "' offers no 16-bit PCM format");
        }
        AudioFormat f = best.get();
        float rate = f.getSampleRate() == AudioSystem.NOT_SPECIFIED ? preferredRate : f.getSampleRate();
        int channels = f.getChannels() == AudioSystem.NOT_SPECIFIED ? 1 : f.getChannels();
        return new AudioFormat(rate, 16, channels, true, f.isBigEndian());
    }

    private static int rateRank(AudioFormat f, int preferredRate) {
        if (Math.round(f.getSampleRate()) == preferredRate) {
            return 0;
        }
        return f.getSampleRate() == AudioSystem.NOT_SPECIFIED ? 1 : 2;
    }

    /** Opens the device's capture line in {@code format} with a buffer of about {@code bufferFrames} frames. */
    public static TargetDataLine open(Device device, AudioFormat format, int bufferFrames) throws AudioInputException {
        try {
            Mixer mixer = AudioSystem.getMixer(device.mixer());
            TargetDataLine line = (TargetDataLine) mixer.getLine(new DataLine.Info(TargetDataLine.class, format));
            line.open(format, bufferFrames * format.getFrameSize());
            return line;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new AudioInputException("capture device '" + device.name() + "' cannot be opened for " + format
                    + " (" + e.getMessage() + ")");
        }
    }

    private static String summary(List<Device> devices) {
        return String.join("; ", devices.stream().map(Device::describe).toList());
    }
}
