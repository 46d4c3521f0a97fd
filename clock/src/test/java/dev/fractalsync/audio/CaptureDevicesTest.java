package dev.fractalsync.audio;

import org.junit.jupiter.api.Test;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureDevicesTest {
    private static final int NS = AudioSystem.NOT_SPECIFIED;
    private static final AudioFormat ANY_RATE_STEREO = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, NS, 16, 2, 4, NS, false);
    private static final AudioFormat U8 = new AudioFormat(AudioFormat.Encoding.PCM_UNSIGNED, 44100, 8, 1, 1, 44100, false);
    private static final AudioFormat S16_44K = new AudioFormat(44100, 16, 2, true, true);
    private static final AudioFormat S16_96K = new AudioFormat(96000, 16, 1, true, false);
    private static final AudioFormat S16_48K_MONO = new AudioFormat(48000, 16, 1, true, false);

    private static final List<CaptureDevices.Device> DEVICES = List.of(
            new CaptureDevices.Device(0, "default [default]", "Direct Audio Device", List.of(ANY_RATE_STEREO), null),
            new CaptureDevices.Device(1, "USB Audio [plughw:1,0]", "Scarlett 2i2", List.of(U8, S16_44K), null),
            new CaptureDevices.Device(2, "HDA Intel PCH [plughw:0,0]", "ALC", List.of(S16_96K, S16_44K), null),
            new CaptureDevices.Device(3, "USB Audio [plughw:2,0]", "Webcam", List.of(S16_96K, S16_48K_MONO), null));

    @Test
    void noDeviceSaysSoInOneLine() {
        AudioInputException e = assertThrows(AudioInputException.class, () -> CaptureDevices.select(List.of(), null));
        assertTrue(e.getMessage().startsWith("no capture device:"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        assertThrows(AudioInputException.class, () -> CaptureDevices.select(List.of(), "1"));
    }

    @Test
    void selectsByIndexByUniqueNamePartOrTheFirst() throws Exception {
        assertEquals(0, CaptureDevices.select(DEVICES, null).index());
        assertEquals(2, CaptureDevices.select(DEVICES, "2").index());
        assertEquals(2, CaptureDevices.select(DEVICES, "hda intel").index());
        assertEquals(3, CaptureDevices.select(DEVICES, "plughw:2").index());
        assertEquals(0, CaptureDevices.select(DEVICES, "DEFAULT [default]").index());
    }

    @Test
    void aBadChoiceListsWhatExists() {
        AudioInputException ambiguous = assertThrows(AudioInputException.class, () -> CaptureDevices.select(DEVICES, "USB"));
        assertTrue(ambiguous.getMessage().contains("matches several capture devices, give the index: 1: USB Audio"),
                ambiguous.getMessage());
        assertTrue(ambiguous.getMessage().contains("3: USB Audio"), ambiguous.getMessage());
        AudioInputException none = assertThrows(AudioInputException.class, () -> CaptureDevices.select(DEVICES, "Focusrite"));
        assertTrue(none.getMessage().contains("matches no capture device; they are 0: default [default]"), none.getMessage());
        AudioInputException index = assertThrows(AudioInputException.class, () -> CaptureDevices.select(DEVICES, "4"));
        assertTrue(index.getMessage().startsWith("--device 4: no such index"), index.getMessage());
    }

    @Test
    void capturesSixteenBitAtTheContractRateWhenOfferedElseTheHighestRate() throws Exception {
        AudioFormat open = CaptureDevices.captureFormat(DEVICES.get(0), 48000);
        assertEquals(48000f, open.getSampleRate());
        assertEquals(2, open.getChannels());
        AudioFormat usb = CaptureDevices.captureFormat(DEVICES.get(1), 48000);
        assertEquals(44100f, usb.getSampleRate());
        assertEquals(16, usb.getSampleSizeInBits());
        assertTrue(usb.isBigEndian());
        assertEquals(96000f, CaptureDevices.captureFormat(DEVICES.get(2), 48000).getSampleRate());
        AudioFormat webcam = CaptureDevices.captureFormat(DEVICES.get(3), 48000);
        assertEquals(48000f, webcam.getSampleRate());
        assertEquals(1, webcam.getChannels());
    }

    @Test
    void aDeviceWithoutSixteenBitPcmIsRefusedByName() {
        CaptureDevices.Device only8 = new CaptureDevices.Device(0, "old", "", List.of(U8), null);
        AudioInputException e = assertThrows(AudioInputException.class, () -> CaptureDevices.captureFormat(only8, 48000));
        assertEquals("capture device 'old' offers no 16-bit PCM format", e.getMessage());
    }
}
