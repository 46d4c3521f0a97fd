package dev.fractalsync.app;

import dev.fractalsync.audio.CaptureDevices;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureOptionsTest {
    @Test
    void listDevicesPrintsTheDevicesOrOneLineSayingThereAreNone() {
        int devices = CaptureDevices.list().size();
        for (String command : new String[]{"run", "analyze-node"}) {
            CliRun r = CliRun.of(command, "--mic", "--list-devices");
            if (devices == 0) {
                assertEquals(1, r.code());
                assertEquals("fractalsync: no capture device: the sound system of this machine offers no audio input "
                        + "(no microphone or line-in, or no access to it)", r.err().strip());
            } else {
                assertEquals(0, r.code(), r.err());
                assertEquals(devices, r.out().lines().count(), r.out());
                assertTrue(r.out().startsWith("0: "), r.out());
            }
        }
    }

    @Test
    void deviceWithoutMicIsRefused() {
        CliRun r = CliRun.of("run", "demo", "--device", "1", "--headless");
        r.assertUsageError("fractalsync run", "--device chooses the microphone: use it with --mic");
    }
}
