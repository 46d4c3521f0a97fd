import dev.fractalsync.engine.FractalSyncEngine;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;

/** Prints one line per beat of an audio file: time in seconds, beat number, tempo, confidence, bar position. */
public class BeatPrinter {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java BeatPrinter FILE.wav");
            System.exit(2);
        }
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(new File(args[0]))) {
            AudioFormat in = raw.getFormat();
            int rate = Math.round(in.getSampleRate());
            int channels = in.getChannels();
            AudioFormat pcm16 = new AudioFormat(in.getSampleRate(), 16, channels, true, false);
            try (AudioInputStream pcm = AudioSystem.getAudioInputStream(pcm16, raw);
                 FractalSyncEngine engine = FractalSyncEngine.builder()
                         .onBeat(b -> System.out.printf(Locale.ROOT, "%.3f beat %d %.1f bpm conf %.2f bar %d%s%n",
                                 b.tSec(), b.beatCount(), b.bpm(), b.conf(), b.barPosition(),
                                 b.downbeat() ? " downbeat" : ""))
                         .onSectionChange(c -> System.err.printf(Locale.ROOT, "%.2f s: section %s%n", c.tSec(),
                                 c.to().contractName()))
                         .build()) {
                byte[] bytes = new byte[4096 * 2 * channels];
                float[] samples = new float[4096 * channels];
                int n;
                while ((n = pcm.readNBytes(bytes, 0, bytes.length)) > 0) {
                    int count = n / 2;
                    for (int i = 0; i < count; i++) {
                        samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)) / 32768f;
                    }
                    engine.feed(Arrays.copyOf(samples, count), rate, channels);
                }
                engine.finish();
            }
        }
    }
}
