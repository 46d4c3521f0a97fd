package dev.fractalsync.app;

import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OSC messages received on a local UDP port (127.0.0.1 only) and decoded with javaosc's own parser. */
class OscOutputTest {
    static List<OSCMessage> receive(DatagramSocket socket, int count) throws Exception {
        List<OSCMessage> got = new ArrayList<>();
        byte[] buf = new byte[2048];
        var parser = new OSCSerializerAndParserBuilder().buildParser();
        while (got.size() < count) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            OSCPacket packet = parser.convert(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
            got.add((OSCMessage) packet);
        }
        return got;
    }

    @Test
    void eventsBecomeTheDocumentedOscMessages() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5000);
            try (OscOutput osc = OscOutput.open("127.0.0.1:" + socket.getLocalPort())) {
                osc.onBeat(new BeatEvent(10.0, 21, 124.0, 0.9, true, 1));
                osc.onBeat(new BeatEvent(10.5, 22, 124.0, 0.9, false, 2));
                osc.onSectionChange(new SectionChange(12.0, SectionLabel.VERSE, SectionLabel.CHORUS, 0.75));
                osc.onBoundaryAhead(new BoundaryWarning(11.0, 4, 0.6, 0.5, 1.94));
            }
            List<OSCMessage> m = receive(socket, 5);
            assertEquals(List.of(OscOutput.BEAT, OscOutput.DOWNBEAT, OscOutput.BEAT, OscOutput.SECTION, OscOutput.HAZARD),
                    m.stream().map(OSCMessage::getAddress).toList());
            assertEquals(List.of(21, 124.0f, 0.9f, 1), m.get(0).getArguments());
            assertEquals(List.of(21, 124.0f), m.get(1).getArguments());
            assertEquals(List.of(22, 124.0f, 0.9f, 2), m.get(2).getArguments());
            assertEquals(List.of("chorus", "verse", 0.75f), m.get(3).getArguments());
            assertEquals(List.of(4, 0.6f, 1.94f), m.get(4).getArguments());
        }
    }

    @Test
    void badTargetsAreOneClearLine() {
        for (String bad : new String[]{"localhost", "localhost:0", "localhost:70000", "localhost:x", ":9000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OscOutput.open(bad));
            assertTrue(e.getMessage().startsWith("--osc expects HOST:PORT"), e.getMessage());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> OscOutput.open("no-such-host.invalid:9000"));
        assertEquals("--osc: unknown host 'no-such-host.invalid'", unknown.getMessage());
    }

    @Test
    void headlessRunRefusesLiveOutputsInOneLine() {
        CliRun r = CliRun.of("run", "demo", "--headless", "--frames", "1", "--osc", "127.0.0.1:9000");
        r.assertUsageError("fractalsync run", "--osc and --midi-clock follow live playback (a window, or analyze-node); "
                + "headless mode renders offline");
    }

    @Test
    void listMidiListsAndExits() {
        CliRun r = CliRun.of("run", "--list-midi");
        assertEquals(0, r.code(), r.err());
        assertTrue(!r.out().isBlank(), "one line per MIDI output, or 'no MIDI outputs'");
    }
}
