package dev.fractalsync.audio;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An audio file decoded piece by piece into mono samples at the file's own rate, so any length fits in a small,
 * fixed amount of memory. WAV, AIFF and AU (8/16/24/32-bit integer PCM, 32/64-bit float, any channel count, mixed
 * down by averaging) through {@code javax.sound.sampled}; other formats (MP3, FLAC, ...) through an {@code ffmpeg}
 * pipe when it is installed (no temporary file, no time limit). NaN/Inf samples become 0 and are counted; float
 * samples far outside [-1, 1] are counted too (a scaling error the caller should warn about). Not thread-safe.
 */
public final class AudioFileReader implements AutoCloseable {
    private static final int MAX_CHANNELS = 64;
    /** Float samples beyond this magnitude (24 dB over full scale) are counted as out of range. */
    public static final double OUT_OF_RANGE = 16.0;

    private final String name;
    private final InputStream in;
    private final Process ffmpeg;
    private final StderrTail ffmpegErr;
    private final int rate;
    private final int channels;
    private final int bits;
    private final boolean isFloat;
    private final boolean unsigned;
    private final boolean big;
    private final long frameLength;
    private final float[] memory;
    private byte[] bytes = new byte[0];
    private long framesRead;
    private long sanitized;
    private long outOfRange;
    private boolean ended;

    private AudioFileReader(String name, InputStream in, Process ffmpeg, StderrTail ffmpegErr, int rate, int channels,
                            int bits, boolean isFloat, boolean unsigned, boolean big, long frameLength, float[] memory) {
        this.name = name;
        this.in = in;
        this.ffmpeg = ffmpeg;
        this.ffmpegErr = ffmpegErr;
        this.rate = rate;
        this.channels = channels;
        this.bits = bits;
        this.isFloat = isFloat;
        this.unsigned = unsigned;
        this.big = big;
        this.frameLength = frameLength;
        this.memory = memory;
    }

    /** Mono samples already in memory (the generated demo song), read through the same interface. */
    public static AudioFileReader ofSamples(float[] mono, int sampleRate, String name) {
        return new AudioFileReader(name, null, null, null, sampleRate, 1, 32, true, false, false, mono.length, mono);
    }

    /** Opens {@code file}; every problem is one line naming the file and what is wrong. */
    public static AudioFileReader open(Path file) throws AudioInputException {
        if (!Files.exists(file)) {
            throw new AudioInputException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new AudioInputException(file + ": is a directory, not an audio file");
        }
        if (!Files.isReadable(file)) {
            throw new AudioInputException(file + ": cannot read it (permission denied)");
        }
        if (!Files.isRegularFile(file)) { // a named pipe, /dev/stdin on a pipe, a device: read once, as it comes
            InputStream in;
            try {
                in = new java.io.FileInputStream(file.toFile()); // a FileChannel's stream asks a pipe for its position
            } catch (IOException e) {
                throw new AudioInputException(file + ": cannot read (" + reason(e) + ")");
            }
            return openStream(file.toString(), in);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new AudioInputException(file + ": cannot read (" + reason(e) + ")");
        }
        if (size == 0) {
            throw new AudioInputException(file + ": file is empty (0 bytes)");
        }
        AudioFileFormat fileFormat;
        try {
            fileFormat = AudioSystem.getAudioFileFormat(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            return ffmpeg(file);
        } catch (IOException | RuntimeException e) {
            throw new AudioInputException(file + ": corrupt or truncated audio header (" + e.getMessage() + ")");
        }
        AudioInputStream stream;
        try {
            stream = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            return ffmpeg(file);
        } catch (IOException | RuntimeException e) {
            throw new AudioInputException(file + ": cannot decode audio (" + e.getMessage() + ")");
        }
        try {
            return of(file.toString(), stream, fileFormat.getFormat());
        } catch (AudioInputException e) {
            closeQuietly(stream);
            throw e;
        }
    }

    /**
     * Reads audio as it arrives on {@code in} (standard input, a named pipe): WAV, AIFF or AU, read once from the
     * start, never sized from its header (a streamed WAV claims 0xFFFFFFFF bytes: the stream's end is the end).
     * Other formats need a file (ffmpeg probes it before decoding). {@code in} is closed with the reader.
     */
    public static AudioFileReader openStream(String name, InputStream in) throws AudioInputException {
        InputStream buffered = new java.io.BufferedInputStream(new NoSeek(in), 1 << 16);
        AudioInputStream stream;
        try {
            stream = AudioSystem.getAudioInputStream(buffered);
        } catch (UnsupportedAudioFileException e) {
            closeQuietly(buffered);
            throw new AudioInputException(name + ": empty, or not WAV, AIFF or AU (a pipe or standard input must carry "
                    + "one of these; decode other formats first, e.g. ffmpeg -i song.mp3 -f wav - | ...)");
        } catch (IOException | RuntimeException e) {
            closeQuietly(buffered);
            throw new AudioInputException(name + ": corrupt or truncated audio header (" + e.getMessage() + ")");
        }
        try {
            return of(name, stream, stream.getFormat());
        } catch (AudioInputException e) {
            closeQuietly(stream);
            throw e;
        }
    }

    /** Reads an open javax.sound stream of {@code format}. */
    static AudioFileReader of(String name, AudioInputStream stream, AudioFormat format) throws AudioInputException {
        AudioFormat.Encoding enc = format.getEncoding();
        int channels = format.getChannels();
        int bits = format.getSampleSizeInBits();
        float rate = format.getSampleRate();
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new AudioInputException(name + ": unsupported channel count " + channels + " (1.." + MAX_CHANNELS + ")");
        }
        if (!(rate >= 1000 && rate <= 768_000) || rate != Math.rint(rate)) {
            throw new AudioInputException(name + ": unsupported sample rate " + rate + " Hz (1000..768000, integral)");
        }
        boolean isFloat = AudioFormat.Encoding.PCM_FLOAT.equals(enc);
        boolean signed = AudioFormat.Encoding.PCM_SIGNED.equals(enc);
        boolean unsigned = AudioFormat.Encoding.PCM_UNSIGNED.equals(enc);
        if (!(isFloat && (bits == 32 || bits == 64)) && !((signed || unsigned) && (bits == 8 || bits == 16 || bits == 24 || bits == 32))) {
            throw new AudioInputException(name + ": unsupported encoding " + enc + " " + bits + "-bit "
                    + "(integer PCM 8/16/24/32-bit or float 32/64-bit expected)");
        }
        long frames = stream.getFrameLength() == AudioSystem.NOT_SPECIFIED ? -1 : stream.getFrameLength();
        return new AudioFileReader(name, stream, null, null, (int) rate, channels, bits, isFloat, unsigned,
                format.isBigEndian(), frames, null);
    }

    /** Formats javax.sound cannot read are decoded by ffmpeg into a pipe: 32-bit float mono at their own rate. */
    private static AudioFileReader ffmpeg(Path file) throws AudioInputException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean knownCompressed = lower.endsWith(".mp3") || lower.endsWith(".flac") || lower.endsWith(".ogg")
                || lower.endsWith(".m4a") || lower.endsWith(".opus");
        if (!knownCompressed) {
            throw new AudioInputException(file + ": not a supported audio file (WAV, AIFF or AU; MP3/FLAC/OGG need ffmpeg)");
        }
        String type = lower.substring(lower.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
        Map<String, String> probe = probe(file, type);
        int rate;
        try {
            rate = Integer.parseInt(probe.getOrDefault("sample_rate", ""));
        } catch (NumberFormatException e) {
            throw new AudioInputException(file + ": no audio stream found (ffprobe reports no sample rate)");
        }
        if (rate <= 0) {
            // ffprobe guesses the container from the extension and reports rate 0 when nothing in it decodes
            throw new AudioInputException(file + ": not a valid " + type + " file (ffprobe finds no decodable audio in it)");
        }
        if (rate < 1000 || rate > 768_000) {
            throw new AudioInputException(file + ": unsupported sample rate " + rate + " Hz (1000..768000)");
        }
        long frames = -1;
        try {
            frames = Math.round(Double.parseDouble(probe.getOrDefault("duration", "")) * rate);
        } catch (NumberFormatException ignored) {
            // unknown length: no progress estimate
        }
        try {
            Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-i", file.toString(), "-map", "0:a:0",
                    "-ac", "1", "-f", "f32le", "-c:a", "pcm_f32le", "-").start();
            p.getOutputStream().close();
            StderrTail err = new StderrTail(p.getErrorStream());
            return new AudioFileReader(file.toString(), p.getInputStream(), p, err, rate, 1, 32, true, false, false,
                    frames, null);
        } catch (IOException e) {
            throw new AudioInputException(file + ": " + type + " needs ffmpeg, which is not installed (apt-get install ffmpeg)");
        }
    }

    /** {@code sample_rate} of the first audio stream and the container's {@code duration}, from ffprobe. */
    private static Map<String, String> probe(Path file, String type) throws AudioInputException {
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                    "stream=sample_rate:format=duration", "-of", "default=noprint_wrappers=1", file.toString())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            Map<String, String> out = new HashMap<>();
            String last = "";
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        out.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                    } else if (!line.isBlank()) {
                        last = line.trim();
                    }
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) { // reading a header; only a broken file system takes this long
                p.destroyForcibly();
                throw new AudioInputException(file + ": ffprobe did not answer within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AudioInputException(file + ": ffmpeg cannot read it as " + type + " (" + (last.isEmpty()
                        ? "exit " + p.exitValue() : last) + ")");
            }
            return out;
        } catch (IOException e) {
            throw new AudioInputException(file + ": " + type + " needs ffmpeg, which is not installed (apt-get install ffmpeg)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AudioInputException(file + ": interrupted while reading its header");
        }
    }

    public String name() {
        return name;
    }

    /** Samples per second of what {@link #read} returns. */
    public int sampleRate() {
        return rate;
    }

    /** Frames in the file, from its header (-1 when unknown; for ffmpeg input an estimate from the duration). */
    public long frameLength() {
        return frameLength;
    }

    /** Mono samples returned so far. */
    public long framesRead() {
        return framesRead;
    }

    /** NaN/Inf input samples replaced by 0 so far. */
    public long sanitizedCount() {
        return sanitized;
    }

    /** Finite float samples beyond ±{@value #OUT_OF_RANGE} so far (passed on unchanged). */
    public long outOfRangeCount() {
        return outOfRange;
    }

    /**
     * Reads up to {@code mono.length} mono samples into {@code mono}; returns how many, or -1 at the end of the audio.
     *
     * @throws AudioInputException when the file is unreadable, holds no audio, or ffmpeg fails
     */
    public int read(float[] mono) throws AudioInputException {
        if (ended) {
            return -1;
        }
        if (memory != null) {
            int n = (int) Math.min(mono.length, memory.length - framesRead);
            if (n <= 0) {
                return end();
            }
            System.arraycopy(memory, (int) framesRead, mono, 0, n);
            framesRead += n;
            return n;
        }
        int bytesPerSample = bits / 8;
        int frameSize = bytesPerSample * channels;
        int want = mono.length * frameSize;
        if (bytes.length < want) {
            bytes = new byte[want];
        }
        int got;
        try {
            got = in.readNBytes(bytes, 0, want);
        } catch (IOException | RuntimeException e) {
            throw new AudioInputException(name + ": cannot decode audio (" + e.getMessage() + ")");
        }
        int frames = got / frameSize;
        if (frames == 0) {
            return end();
        }
        if (bits == 16 && !big && !isFloat && !unsigned) {
            mixLittleEndian16(frames, mono);
            framesRead += frames;
            return frames;
        }
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            int base = f * frameSize;
            for (int c = 0; c < channels; c++) {
                double v = sample(bytes, base + c * bytesPerSample);
                if (!Double.isFinite(v)) {
                    sanitized++;
                    v = 0;
                } else if (Math.abs(v) > OUT_OF_RANGE) {
                    outOfRange++;
                }
                sum += v;
            }
            mono[f] = (float) (sum / channels);
        }
        framesRead += frames;
        return frames;
    }

    private int end() throws AudioInputException {
        ended = true;
        if (ffmpeg != null) {
            try {
                ffmpeg.waitFor();
                ffmpegErr.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AudioInputException(name + ": interrupted while decoding");
            }
            if (ffmpeg.exitValue() != 0) {
                throw new AudioInputException(name + ": ffmpeg could not decode it (exit " + ffmpeg.exitValue()
                        + (ffmpegErr.last().isEmpty() ? "" : ": " + ffmpegErr.last()) + ")");
            }
        }
        if (framesRead == 0) {
            throw new AudioInputException(name + ": contains no audio frames");
        }
        return -1;
    }

    /**
     * The common case (16-bit little-endian PCM) without the general per-byte decode: the same arithmetic as
     * {@link #sample} and the mix loop, so the same bits; such samples are always finite and in range.
     */
    private void mixLittleEndian16(int frames, float[] mono) {
        byte[] d = bytes;
        if (channels <= 2) {
            // (a / 32768 + b / 32768) / 2 = (a + b) / 65536, and a / 32768 alone, are exact in float as in double:
            // the same values as the general loop below, without its double arithmetic and division per frame
            if (channels == 1) {
                for (int f = 0; f < frames; f++) {
                    mono[f] = (short) SHORT_LE.get(d, 2 * f) * (1f / 32768f);
                }
            } else {
                for (int f = 0; f < frames; f++) {
                    int sum = (short) SHORT_LE.get(d, 4 * f) + (short) SHORT_LE.get(d, 4 * f + 2);
                    mono[f] = sum * (1f / 65536f);
                }
            }
            return;
        }
        int frameSize = 2 * channels;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            int base = f * frameSize;
            for (int c = 0; c < channels; c++) {
                int o = base + 2 * c;
                sum += (short) ((d[o + 1] << 8) | (d[o] & 0xff)) / 32768.0;
            }
            mono[f] = (float) (sum / channels);
        }
    }

    private static final java.lang.invoke.VarHandle SHORT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private double sample(byte[] d, int o) {
        long raw = 0;
        int n = bits / 8;
        for (int i = 0; i < n; i++) {
            int b = d[o + (big ? i : n - 1 - i)] & 0xff;
            raw = (raw << 8) | b;
        }
        if (isFloat) {
            return bits == 32 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
        }
        if (unsigned) {
            return (raw - (1L << (bits - 1))) / (double) (1L << (bits - 1));
        }
        long signedValue = (raw << (64 - bits)) >> (64 - bits);
        return signedValue / (double) (1L << (bits - 1));
    }

    @Override
    public void close() {
        if (in != null) {
            closeQuietly(in);
        }
        if (ffmpeg != null && ffmpeg.isAlive()) {
            ffmpeg.destroyForcibly();
        }
    }

    private static void closeQuietly(InputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to read
        }
    }

    private static String reason(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }

    /** Skips by reading: a pipe cannot seek (a FileChannel's skip on a named pipe fails with "Illegal seek"). */
    private static final class NoSeek extends java.io.FilterInputStream {
        NoSeek(InputStream in) {
            super(in);
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(8192, Math.max(0, n))];
            long done = 0;
            while (done < n) {
                int r = in.read(sink, 0, (int) Math.min(sink.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException e) { // "Illegal seek": nothing is known to be waiting
                return 0;
            }
        }
    }

    /** Keeps the last line ffmpeg printed to stderr (drained on its own thread so the pipe never fills). */
    private static final class StderrTail extends Thread {
        private final InputStream err;
        private volatile String last = "";

        StderrTail(InputStream err) {
            super("fractalsync-ffmpeg-stderr");
            this.err = err;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        last = line.strip();
                    }
                }
            } catch (IOException ignored) {
                // ffmpeg is gone
            }
        }

        String last() {
            return last;
        }
    }
}
