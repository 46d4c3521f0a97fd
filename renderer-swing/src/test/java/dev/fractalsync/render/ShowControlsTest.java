package dev.fractalsync.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShowControlsTest {
    private final ShowControls controls = new ShowControls(VisualizerOptions.defaults());

    @Test
    void presetsAreChosenByNameIndexOrInTurn() {
        assertEquals(Preset.NEON, controls.preset());
        assertEquals(Preset.ICE, controls.selectPreset("ICE"));
        assertEquals(Preset.ACID, controls.nextPreset());
        controls.selectPreset(1);
        assertEquals(Preset.EMBER, controls.preset());
        controls.selectPreset(42);
        assertEquals(Preset.EMBER, controls.preset(), "a key without a look changes nothing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> controls.selectPreset("disco"));
        assertEquals("unknown preset 'disco'; valid presets: neon, ember, ice, acid", e.getMessage());
        assertEquals(Preset.EMBER, controls.preset());
    }

    @Test
    void sensitivityIsClampedAndStepsByATenth() {
        assertEquals(FramePainter.MAX_SENSITIVITY, controls.setSensitivity(99));
        assertEquals(0.0, controls.setSensitivity(-1));
        assertEquals(0.1, controls.stepSensitivity(1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> controls.setSensitivity(Double.NaN));
    }

    @Test
    void switchesHoldWhatTheyAreSetTo() {
        assertFalse(controls.blackout() || controls.frozen() || controls.paletteLocked());
        controls.blackout(true);
        controls.freeze(true);
        controls.lockPalette(true);
        assertTrue(controls.blackout() && controls.frozen() && controls.paletteLocked());
    }

    @Test
    void fullScreenOnADisplayThatDoesNotExistIsRefusedInOneLine() {
        int count = ShowControls.displays().size();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> controls.requestFullscreen(count));
        assertTrue(e.getMessage().startsWith("no display " + count + "; this machine has " + count), e.getMessage());
        assertNull(controls.takeFullscreenRequest(), "a refused request leaves nothing pending");
        controls.requestFullscreen(null);
        assertEquals(-1, controls.takeFullscreenRequest());
        assertNull(controls.takeFullscreenRequest(), "taken once");
    }
}
