package dev.fractalsync.app;

import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCSerializeException;
import com.illposed.osc.transport.OSCPortOut;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.engine.EngineListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Sends the engine's events as OSC messages over UDP (for lighting desks, TouchDesigner, Max/MSP, ...):
 * <ul>
 *   <li>{@code /fractalsync/beat} int beat count, float BPM, float confidence, int bar position (0 = unknown)</li>
 *   <li>{@code /fractalsync/downbeat} int beat count, float BPM (besides the beat message, on downbeats)</li>
 *   <li>{@code /fractalsync/section} string new label, string previous label ("" at the start), float confidence</li>
 *   <li>{@code /fractalsync/hazard} int horizon in beats, float hazard, float horizon in seconds</li>
 * </ul>
 * A send that fails is logged once; the engine goes on.
 */
final class OscOutput implements EngineListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OscOutput.class);
    static final String BEAT = "/fractalsync/beat";
    static final String DOWNBEAT = "/fractalsync/downbeat";
    static final String SECTION = "/fractalsync/section";
    static final String HAZARD = "/fractalsync/hazard";

    private final OSCPortOut port;
    private final String target;
    private boolean failureLogged;

    private OscOutput(OSCPortOut port, String target) {
        this.port = port;
        this.target = target;
    }

    /** Opens a sender to {@code HOST:PORT}; a malformed or unresolvable target is one clear line. */
    static OscOutput open(String hostPort) {
        InetSocketAddress address = target(hostPort);
        try {
            return new OscOutput(new OSCPortOut(address), hostPort);
        } catch (IOException e) {
            throw new IllegalArgumentException("--osc: cannot open a UDP socket to " + hostPort + " (" + e.getMessage() + ")");
        }
    }

    /** Parses and resolves {@code HOST:PORT} ({@code [v6]:PORT} for IPv6 literals). */
    static InetSocketAddress target(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int portNumber = -1;
        if (colon > 0) {
            try {
                portNumber = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        if (portNumber < 1 || portNumber > 65_535) {
            throw new UsageException("--osc expects HOST:PORT with a port in 1..65535, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        try {
            return new InetSocketAddress(InetAddress.getByName(host.startsWith("[") && host.endsWith("]")
                    ? host.substring(1, host.length() - 1) : host), portNumber);
        } catch (UnknownHostException e) {
            throw new UsageException("--osc: unknown host '" + host + "'");
        }
    }

    @Override
    public void onBeat(BeatEvent beat) {
        send(BEAT, List.of((int) beat.beatCount(), (float) beat.bpm(), (float) beat.conf(), beat.barPosition()));
        if (beat.downbeat()) {
            send(DOWNBEAT, List.of((int) beat.beatCount(), (float) beat.bpm()));
        }
    }

    @Override
    public void onSectionChange(SectionChange change) {
        send(SECTION, List.of(change.to().contractName(), change.from() == null ? "" : change.from().contractName(),
                (float) change.confidence()));
    }

    @Override
    public void onBoundaryAhead(BoundaryWarning warning) {
        send(HAZARD, List.of(warning.horizonBeats(), (float) warning.hazard(), (float) warning.horizonSec()));
    }

    private synchronized void send(String address, List<?> args) {
        try {
            port.send(new OSCMessage(address, args));
        } catch (IOException | OSCSerializeException e) {
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("OSC to {} failed: {} (further failures not logged)", target, e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        port.close();
    }
}
