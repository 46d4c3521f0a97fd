package dev.fractalsync.render;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadlessRendererTest {
    @Test
    void writesNonTrivialFramesThatChangeWithTheBeatAndAContactSheet() throws IOException {
        Path dir = Path.of("target", "headless-test");
        // 120 BPM at 8 fps: frames fall on phases 0, 0.25, 0.5, 0.75 of successive beats.
        HeadlessRenderer.Result result = new HeadlessRenderer(320, 180, 200, true)
                .render(new SyntheticFrames(120, 10), dir, 6, 8.0);
        assertEquals(6, result.frames().size());
        assertEquals(dir.resolve("frame_00000.png"), result.frames().get(0));
        int[] previous = null;
        for (Path file : result.frames()) {
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(320, image.getWidth());
            int[] px = ImageChecks.pixels(image);
            assertTrue(ImageChecks.luminanceVariance(px) > 200, file + " is flat");
            assertTrue(ImageChecks.largestBinShare(px) < 0.6, file + " is dominated by one colour");
            if (previous != null) {
                double diff = ImageChecks.meanAbsDifference(previous, px);
                assertTrue(diff > 2.0, file + " barely differs from the previous frame: " + diff);
            }
            previous = px;
        }
        BufferedImage sheet = ImageIO.read(result.contactSheet().toFile());
        assertTrue(sheet.getWidth() >= 3 * 240 && sheet.getHeight() >= 2 * 135, "contact sheet "
                + sheet.getWidth() + "x" + sheet.getHeight());
        assertTrue(Files.size(result.contactSheet()) > 10_000);
        assertEquals(6, result.stats().frames());
    }

    @Test
    void twoRunsWriteByteIdenticalFramesAndTheOverviewMatchesThem(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        HeadlessRenderer renderer = new HeadlessRenderer(160, 90, 150, false, Preset.ACID, 1.5, 2);
        HeadlessRenderer.Result a = renderer.render(new SyntheticFrames(124, 10), tmp.resolve("a"), 0.5, 8, 8.0, null);
        HeadlessRenderer.Result b = renderer.render(new SyntheticFrames(124, 10), tmp.resolve("b"), 0.5, 8, 8.0, null);
        for (int i = 0; i < 8; i++) {
            assertEquals(-1L, Files.mismatch(a.frames().get(i), b.frames().get(i)), "frame " + i + " differs");
        }
        // frame k of the overview at 4 s over 4 tiles, 8 FPS: time (k + 0.5) s = frame 4 + 8k of a run from 0
        HeadlessRenderer.Result dense = renderer.render(new SyntheticFrames(124, 10), tmp.resolve("dense"), 0.0, 30, 8.0,
                null);
        HeadlessRenderer.Result overview = renderer.renderOverview(new SyntheticFrames(124, 10), tmp.resolve("overview"),
                4.0, 4, 8.0, null);
        assertEquals(4, overview.frames().size());
        for (int k = 0; k < 4; k++) {
            Path file = overview.frames().get(k);
            assertEquals(String.format("frame_%05d.png", 4 + 8 * k), file.getFileName().toString());
            assertEquals(-1L, Files.mismatch(file, dense.frames().get(4 + 8 * k)), "overview tile " + k);
        }
    }

    @Test
    void supersamplingAveragesEachBlock() {
        int[] src = {
                0xff000000, 0xffffffff, 0xff102030, 0xff102030,
                0xffffffff, 0xff000000, 0xff102030, 0xff102030};
        int[] dst = new int[2];
        FramePainter.boxFilter(src, 4, dst, 2, 1, 2);
        assertEquals(0xff808080, dst[0]);
        assertEquals(0xff102030, dst[1]);
    }

    @Test
    void presetsByNameAndAClearErrorOtherwise() {
        assertEquals(Preset.EMBER, Preset.named("Ember"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.named("disco"));
        assertTrue(e.getMessage().contains("neon, ember, ice, acid"), e.getMessage());
        assertEquals(Preset.NEON, Preset.next(Preset.ACID, Preset.all()));
        assertEquals(Preset.EMBER, Preset.next(Preset.NEON, Preset.all()));
    }

    @Test
    void zoomPulsePeaksOnTheBeatAndDecays() {
        assertEquals(1.5, FramePainter.zoomFactor(0.5, 0.0), 1e-12, "full pulse on the beat's own frame");
        double previous = Double.POSITIVE_INFINITY;
        for (double phase = 0.0; phase < 1 - FramePainter.PULSE_ANTICIPATION; phase += 0.01) {
            double z = FramePainter.zoomFactor(0.5, phase);
            assertTrue(z <= previous, "decays after the beat, phase " + phase);
            previous = z;
        }
        assertTrue(FramePainter.zoomFactor(0.5, 0.3) < 1.5 && FramePainter.zoomFactor(0.5, 0.3) > 1.1);
        // the short rise before the beat reaches only half height, so the largest step is onto the beat frame
        double justBefore = FramePainter.zoomFactor(0.5, 0.999);
        assertTrue(justBefore > 1.2 && justBefore < 1.26, "just before the beat: " + justBefore);
        assertEquals(1.0, FramePainter.zoomFactor(0.5, 0.8), 0.03);
        assertEquals(1.0, FramePainter.zoomFactor(0.0, 0.1), 1e-12);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new HeadlessRenderer(8, 8, 100, false));
        HeadlessRenderer r = new HeadlessRenderer(32, 32, 100, false);
        assertThrows(IllegalArgumentException.class, () -> r.render(new SyntheticFrames(120, 1), Path.of("target"), 0, 30));
        assertThrows(IllegalArgumentException.class, () -> r.render(new SyntheticFrames(120, 1), Path.of("target"), 1, 0));
    }

    @Test
    void framesOfAnEarlierLongerRunAreRemovedAndOtherFilesKept(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        HeadlessRenderer r = new HeadlessRenderer(32, 32, 50, false);
        r.render(new SyntheticFrames(120, 10), dir, 5, 8.0);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("frame_1.png"), "not our pattern");
        r.render(new SyntheticFrames(120, 10), dir, 2, 8.0);
        try (var s = Files.list(dir)) {
            assertEquals(java.util.List.of("contact_sheet.png", "frame_00000.png", "frame_00001.png", "frame_1.png", "notes.txt"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anOutputDirectoryThatIsAFileIsOneLine(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        var e = assertThrows(java.io.UncheckedIOException.class,
                () -> new HeadlessRenderer(32, 32, 50, false).render(new SyntheticFrames(120, 1), file, 1, 8.0));
        assertEquals("cannot create output directory " + file + ": a file of that name is in the way", e.getMessage());
    }
}
