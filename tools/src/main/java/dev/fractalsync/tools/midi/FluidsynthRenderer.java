package dev.fractalsync.tools.midi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders a MIDI file with a SoundFont through the {@code fluidsynth} command line to 48 kHz audio, without
 * fluidsynth's own reverb and chorus (reverb comes from augmentation), as mono float samples trimmed or padded to
 * the truth duration and peak-normalized to -1 dBFS. The rendered audio starts at MIDI time 0 (checked by a test).
 * <p>
 * FluidR3 SoundFonts (FluidR3_GM, FluidR3_GS, FluidR3Mono) are refused: they are reserved for held-out evaluation.
 */
public final class FluidsynthRenderer {
    public static final int SAMPLE_RATE = 48_000;
    public static final double PEAK_DBFS = -1.0;

    private final Path soundfont;
    private final double gain;

    public FluidsynthRenderer(Path soundfont) throws IOException {
        this(soundfont, 0.5);
    }

    public FluidsynthRenderer(Path soundfont, double gain) throws IOException {
        checkSoundfont(soundfont);
        this.soundfont = soundfont;
        this.gain = gain;
    }

    /** Refuses FluidR3 SoundFonts (by file name or the name a link resolves to) and missing files. */
    public static void checkSoundfont(Path soundfont) throws IOException {
        if (reserved(soundfont.getFileName().toString())) {
            throw new IllegalArgumentException(soundfont + ": FluidR3 SoundFonts are reserved for held-out evaluation; use another SoundFont");
        }
        if (!Files.isRegularFile(soundfont)) {
            throw new IOException(soundfont + ": SoundFont not found");
        }
        Path real = soundfont.toRealPath();
        if (reserved(real.getFileName().toString())) {
            throw new IllegalArgumentException(soundfont + " (-> " + real + "): FluidR3 SoundFonts are reserved for held-out evaluation; use another SoundFont");
        }
    }

    private static boolean reserved(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).contains("fluidr3");
    }

    public Path soundfont() {
        return soundfont;
    }

    /**
     * Renders {@code midi} and returns exactly {@code round(durationSec * 48000)} mono samples, peak at -1 dBFS.
     */
    public float[] render(Path midi, double durationSec) throws IOException {
        ExternalTool.require("fluidsynth", "fluidsynth");
        Path out = Files.createTempFile("fractalsync-render", ".wav");
        try {
            ExternalTool.run(List.of("fluidsynth", "-n", "-i", "-q", "-R", "0", "-C", "0",
                    "-g", String.format(Locale.ROOT, "%.3f", gain), "-r", Integer.toString(SAMPLE_RATE),
                    "-o", "synth.polyphony=512", "-T", "wav", "-O", "float", "-F", out.toString(),
                    soundfont.toString(), midi.toString()), 30 + 2.0 * durationSec);
            float[] mono = WavIO.readMono(out).samples();
            float[] fitted = WavIO.fit(mono, (int) Math.round(durationSec * SAMPLE_RATE));
            if (WavIO.peak(fitted) == 0) {
                throw new IOException("fluidsynth rendered silence from " + midi + " with " + soundfont);
            }
            WavIO.normalizePeak(fitted, PEAK_DBFS);
            return fitted;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
