package dev.fractalsync.render;

import dev.fractalsync.api.VisualFrame;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PaletteLockTest {
    private static final int W = 96;
    private static final int H = 54;

    private static int[] paint(FramePainter painter, VisualFrame frame) {
        int[] argb = new int[W * H];
        painter.paint(frame, argb, W, H);
        return argb;
    }

    @Test
    void aLockedPaletteKeepsTheHueOfTheFrameBeforeTheLock() {
        SyntheticFrames song = new SyntheticFrames(120, 60);
        VisualFrame verse = song.frameAt(1.0);
        VisualFrame later = song.frameAt(17.3); // another section, beat and colour
        try (FramePainter free = new FramePainter(64); FramePainter locked = new FramePainter(64);
             FramePainter reference = new FramePainter(64)) {
            paint(locked, verse);
            locked.setPaletteLocked(true);
            int[] held = paint(locked, later);
            int[] followed = paint(free, later);
            assertFalse(java.util.Arrays.equals(held, followed), "the lock changes the colours of a later frame");
            // the locked painter still paints the later frame's shape: same picture as an unlocked painter whose
            // hue input is the earlier frame's
            reference.setPaletteLocked(false);
            paint(reference, verse);
            reference.setPaletteLocked(true);
            assertArrayEquals(held, paint(reference, later), "the held hue is the last painted frame's");
            locked.setPaletteLocked(false);
            assertArrayEquals(followed, paint(locked, later), "released, the palette follows again");
        }
    }
}
