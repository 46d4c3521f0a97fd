package dev.fractalsync.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --video is all or nothing: the previous file survives a failure or an abort, and no temporary file is left. */
class VideoExportTest {
    private static final byte[] PREVIOUS = "the previous video".getBytes(StandardCharsets.UTF_8);

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void frames(VideoExport export, int n) {
        int[] argb = new int[16 * 16];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(argb, 0x102030 * (i + 1));
            export.frame(i, i / 10.0, argb, 16, 16);
        }
    }

    private static boolean hasFfmpeg() {
        try {
            return new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void abortedExportKeepsThePreviousVideoAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasFfmpeg(), "ffmpeg not installed");
        Path out = dir.resolve("show.mp4");
        Files.write(out, PREVIOUS);
        try (VideoExport export = VideoExport.start("ffmpeg", out, 16, 16, 10, 48_000, null)) {
            frames(export, 5);
            // no finish(): an exception or Ctrl-C in the middle of the render
        }
        assertArrayEquals(PREVIOUS, Files.readAllBytes(out));
        assertEquals(List.of("show.mp4"), names(dir));
    }

    @Test
    void finishedExportReplacesTheTargetAndLeavesOnlyIt(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasFfmpeg(), "ffmpeg not installed");
        Path out = dir.resolve("show.mp4");
        Files.write(out, PREVIOUS);
        try (VideoExport export = VideoExport.start("ffmpeg", out, 16, 16, 10, 48_000, null)) {
            frames(export, 10);
            export.finish();
        }
        byte[] video = Files.readAllBytes(out);
        assertTrue(video.length > 100, "an MP4 of " + video.length + " bytes");
        assertEquals("ftyp", new String(video, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(List.of("show.mp4"), names(dir));
    }

    @Test
    void ffmpegFailureNamesItsOwnReasonAndKeepsThePreviousVideo(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("bin").resolve("ffmpeg");
        Files.createDirectories(fake.getParent());
        // takes all input, then fails the way ffmpeg does on a full disk
        Files.writeString(fake, "#!/bin/sh\ncat > /dev/null\necho 'Error writing trailer: No space left on device' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path videos = Files.createDirectory(dir.resolve("videos"));
        Path out = videos.resolve("show.mp4");
        Files.write(out, PREVIOUS);
        IllegalStateException e;
        try (VideoExport export = VideoExport.start(fake.toString(), out, 16, 16, 10, 48_000, null)) {
            frames(export, 3);
            e = assertThrows(IllegalStateException.class, export::finish);
        }
        assertEquals("ffmpeg failed writing " + out.toAbsolutePath() + " (exit 1): Error writing trailer: No space left on device",
                e.getMessage());
        assertArrayEquals(PREVIOUS, Files.readAllBytes(out));
        assertEquals(List.of("show.mp4"), names(videos));
    }

    /**
     * The audio track is streamed into the temporary WAV and sized at the end: the same bytes javax.sound writes for
     * the kept samples, whatever was written past them.
     */
    @Test
    void streamedAudioTrackIsTheWavJavaSoundWrites(@TempDir Path dir) throws Exception {
        float[] samples = new float[100_003];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (1.3 * Math.sin(i * 0.01)); // beyond ±1 too: clipped
        }
        Path streamed = Files.createFile(dir.resolve("streamed.wav"));
        VideoExport.writeWav(track -> {
            for (int i = 0; i < samples.length; i += 4096) {
                track.write(samples, i, Math.min(4096, samples.length - i));
            }
            return 90_001; // the rest was a first pass's padding
        }, 48_000, streamed);
        byte[] pcm = new byte[90_001 * 2];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pcm).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 90_001; i++) {
            b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, samples[i])) * 32767f));
        }
        Path reference = dir.resolve("reference.wav");
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(48_000, 16, 1, true, false);
        try (javax.sound.sampled.AudioInputStream in = new javax.sound.sampled.AudioInputStream(
                new java.io.ByteArrayInputStream(pcm), format, 90_001)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, reference.toFile());
        }
        assertEquals(-1L, Files.mismatch(reference, streamed));
    }

    @Test
    void temporaryNameOfALongTargetStaysWithinTheFileSystemLimit(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("v".repeat(246) + ".mp4");
        Path partial = VideoExport.partialName(out);
        assertTrue(partial.getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= 255, partial.toString());
        assertTrue(partial.getFileName().toString().endsWith(".mp4"));
        assertEquals(dir, partial.getParent());
        Files.delete(partial);
        assertFalse(Files.exists(out));
    }
}
