package dev.fractalsync.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames are written all or nothing: a failed write leaves the previous file and no temporary file. */
class PngWriteTest {
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheFrameAndLeavesNothingElse(@TempDir Path dir) throws Exception {
        Path frame = dir.resolve("frame_00000.png");
        Files.writeString(frame, "old");
        HeadlessRenderer.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), frame);
        byte[] png = Files.readAllBytes(frame);
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(List.of("frame_00000.png"), names(dir));
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesNoPartialFile(@TempDir Path dir) throws Exception {
        Path frame = dir.resolve("frame_00001.png");
        Files.createDirectories(frame.resolve("in-the-way"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> HeadlessRenderer.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), frame));
        assertTrue(e.getMessage().startsWith("cannot write " + frame + ": "), e.getMessage());
        assertEquals(List.of("frame_00001.png"), names(dir));
        assertTrue(Files.isDirectory(frame.resolve("in-the-way")));
    }
}
