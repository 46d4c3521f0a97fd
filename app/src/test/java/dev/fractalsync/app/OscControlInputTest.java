package dev.fractalsync.app;

import com.illposed.osc.OSCMessage;
import com.illposed.osc.transport.OSCPortOut;
import dev.fractalsync.control.ControlAddress;
import dev.fractalsync.control.ControlCommand;
import dev.fractalsync.control.ShowStatus;
import dev.fractalsync.control.ShowSurface;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The show's controls as OSC messages: each address becomes the control page's command. */
class OscControlInputTest {
    private static final List<String> PRESETS = List.of("neon", "ember", "ice", "acid");

    private static ControlCommand command(String address, Object... args) {
        return ControlCommand.parse(OscControlInput.command(address, List.of(args), PRESETS, 2_000_000_000L));
    }

    @Test
    void everyControlHasAnAddress() {
        assertEquals(new ControlCommand.SelectPreset("ice"), command("/fractalsync/preset", "ice"));
        assertEquals(new ControlCommand.SelectPreset("ember"), command("/fractalsync/preset", 2));
        assertEquals(new ControlCommand.Sensitivity(1.5), command("/fractalsync/sensitivity", 1.5f));
        assertEquals(new ControlCommand.AvOffset(-20), command("/fractalsync/av-offset", -20f));
        assertEquals(new ControlCommand.Blackout(true), command("/fractalsync/blackout", 1));
        assertEquals(new ControlCommand.Freeze(false), command("/fractalsync/freeze", 0f));
        assertEquals(new ControlCommand.PaletteLock(true), command("/fractalsync/palette-lock", 1f));
        assertEquals(new ControlCommand.TempoLevel("half"), command("/fractalsync/tempo-level", "half"));
        assertEquals(new ControlCommand.Tap(2000.0), command("/fractalsync/tap"), "the arrival time is the tap's");
        assertEquals(new ControlCommand.Tempo(128.0), command("/fractalsync/tempo", 128f));
        assertEquals(new ControlCommand.Tempo(null), command("/fractalsync/tempo"));
        assertEquals(new ControlCommand.Tempo(null), command("/fractalsync/tempo", 0));
        assertEquals(new ControlCommand.Cue(), command("/fractalsync/cue"));
        assertEquals(new ControlCommand.Fullscreen(0), command("/fractalsync/fullscreen", 0));
        assertEquals(new ControlCommand.Fullscreen(null), command("/fractalsync/fullscreen", -1));
    }

    @Test
    void badMessagesNameTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> command("/fractalsync/explode"))
                .getMessage().contains("unknown control 'explode'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> command("/fractalsync/preset", 9))
                .getMessage().contains("preset index 9 is not 1-4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> command("/fractalsync/blackout", "yes"))
                .getMessage().contains("needs a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> command("/fractalsync/sensitivity"))
                .getMessage().contains("needs a number"));
    }

    @Test
    void messagesOverUdpReachTheShowAndBadOnesAreDropped() throws Exception {
        BlockingQueue<ControlCommand> applied = new LinkedBlockingQueue<>();
        ShowSurface show = new ShowSurface() {
            @Override
            public ShowStatus status() {
                return new ShowStatus(new ShowStatus.Music(0, 120, 0, 0, 0, 1, "verse", Map.of(), Map.of()),
                        new ShowStatus.Picture(60, 5, 960, 540, 0),
                        new ShowStatus.Controls("neon", PRESETS, 1, 3, false, false, false, "as-tracked", null, 0,
                                null, List.of(), null), "ok");
            }

            @Override
            public void apply(ControlCommand command) {
                applied.add(command);
            }

            @Override
            public byte[] preview() {
                return null;
            }
        };
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        OSCPortOut out = new OSCPortOut(new InetSocketAddress("127.0.0.1", port));
        try (OscControlInput input = OscControlInput.open(ControlAddress.parse(String.valueOf(port), "--osc-in"), show)) {
            out.send(new OSCMessage("/fractalsync/explode", List.of()));
            out.send(new OSCMessage("/fractalsync/blackout", List.of(1)));
            out.send(new OSCMessage("/fractalsync/preset", List.of("ember")));
            out.send(new OSCMessage("/fractalsync/cue", List.of()));
            assertEquals(new ControlCommand.Blackout(true), applied.poll(5, TimeUnit.SECONDS));
            assertEquals(new ControlCommand.SelectPreset("ember"), applied.poll(5, TimeUnit.SECONDS));
            assertEquals(new ControlCommand.Cue(), applied.poll(5, TimeUnit.SECONDS));
        } finally {
            out.close();
        }
    }
}
