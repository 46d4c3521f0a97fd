package dev.fractalsync.app;

import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCMessageEvent;
import com.illposed.osc.messageselector.JavaRegexAddressMessageSelector;
import com.illposed.osc.transport.OSCPortIn;
import dev.fractalsync.control.ControlAddress;
import dev.fractalsync.control.ControlCommand;
import dev.fractalsync.control.ShowSurface;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * The show's controls as OSC addresses ({@code run --osc-in [HOST:]PORT}, UDP): every control of the page has one, so
 * a lighting desk, TouchOSC or a sequencer can drive the show. Each message becomes the page's {@link ControlCommand};
 * one that names no control or carries the wrong arguments is logged (at most once a second) and dropped.
 * <table>
 *   <caption>addresses</caption>
 *   <tr><td>/fractalsync/preset</td><td>string name, or int index (1 = first, as the number keys)</td></tr>
 *   <tr><td>/fractalsync/sensitivity</td><td>float</td></tr>
 *   <tr><td>/fractalsync/av-offset</td><td>float milliseconds</td></tr>
 *   <tr><td>/fractalsync/blackout, /freeze, /palette-lock</td><td>int or float, non-zero = on</td></tr>
 *   <tr><td>/fractalsync/tempo-level</td><td>string auto, as-tracked, half, double</td></tr>
 *   <tr><td>/fractalsync/tap</td><td>none (the arrival time is the tap's)</td></tr>
 *   <tr><td>/fractalsync/tempo</td><td>float BPM; none or 0: back to the tracker's</td></tr>
 *   <tr><td>/fractalsync/cue</td><td>none</td></tr>
 *   <tr><td>/fractalsync/fullscreen</td><td>int display, -1 or none: a window</td></tr>
 * </table>
 */
final class OscControlInput implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OscControlInput.class);
    static final String PREFIX = "/fractalsync/";

    private final OSCPortIn port;
    private final ShowSurface show;
    private final List<String> presets;
    private long lastWarnNanos = Long.MIN_VALUE;

    private OscControlInput(OSCPortIn port, ShowSurface show) {
        this.port = port;
        this.show = show;
        this.presets = show.status().controls().presets();
    }

    /** Listens on {@code address}; a port that cannot be bound is one clear line. */
    static OscControlInput open(ControlAddress address, ShowSurface show) {
        OSCPortIn port;
        try {
            port = new OSCPortIn(new InetSocketAddress(address.host(), address.port()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("--osc-in " + address.host() + ":" + address.port() + ": cannot listen ("
                    + (e.getMessage() == null ? e.toString() : e.getMessage()) + ")");
        }
        OscControlInput input = new OscControlInput(port, show);
        port.getDispatcher().addListener(new JavaRegexAddressMessageSelector("^/fractalsync/.*"), input::accept);
        port.setDaemonListener(true);
        port.startListening();
        return input;
    }

    private void accept(OSCMessageEvent event) {
        OSCMessage m = event.getMessage();
        try {
            show.apply(ControlCommand.parse(command(m.getAddress(), m.getArguments(), presets, System.nanoTime())));
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (now - lastWarnNanos > 1_000_000_000L) {
                lastWarnNanos = now;
                LOG.warn("OSC {} dropped: {}", m.getAddress(), e.getMessage());
            }
        }
    }

    /** The page's JSON command for one OSC message; a one-line error when it names no control or has bad arguments. */
    static JsonObject command(String address, List<Object> args, List<String> presets, long arrivalNanos) {
        if (!address.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a /fractalsync/ address");
        }
        String control = address.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        Object first = args.isEmpty() ? null : args.get(0);
        JsonObject json = new JsonObject().put("action", control);
        switch (control) {
            case "preset" -> {
                if (first instanceof Number n) {
                    int index = n.intValue();
                    if (index < 1 || index > presets.size()) {
                        throw new IllegalArgumentException("preset index " + index + " is not 1-" + presets.size());
                    }
                    json.put("name", presets.get(index - 1));
                } else {
                    json.put("name", first);
                }
            }
            case "sensitivity" -> json.put("value", number(first, address));
            case "av-offset" -> json.put("ms", number(first, address));
            case "blackout", "freeze", "palette-lock" -> json.put("on", number(first, address) != 0);
            case "tempo-level" -> json.put("level", first);
            case "tap" -> json.put("at", arrivalNanos / 1e6);
            case "tempo" -> json.put("bpm", first == null || number(first, address) == 0 ? null : number(first, address));
            case "cue" -> {
            }
            case "fullscreen" -> json.put("display", first == null || number(first, address) < 0 ? null
                    : (int) number(first, address));
            default -> throw new IllegalArgumentException("unknown control '" + control + "'");
        }
        return json;
    }

    private static double number(Object arg, String address) {
        if (arg instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(address + " needs a number argument");
    }

    @Override
    public void close() {
        port.stopListening();
        try {
            port.close();
        } catch (IOException e) {
            // closing at exit
        }
    }
}
