package dev.fractalsync.control;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the control page listens: {@code [HOST:]PORT}, HOST 127.0.0.1 when omitted. Any host but a loopback address
 * makes the page reachable from other machines, so the server then asks for a token.
 *
 * @param host a host name or IP literal (IPv6 without brackets)
 * @param port 0-65535; 0 picks a free port
 */
public record ControlAddress(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    public ControlAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("needs a host before ':' or none at all, as in 8080 or 0.0.0.0:8080");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    /** {@code PORT}, {@code HOST:PORT} or {@code [IPV6]:PORT}; a one-line error naming {@code --control} otherwise. */
    public static ControlAddress parse(String text) {
        return parse(text, "--control");
    }

    /** As {@link #parse(String)}, for the command-line option {@code option}. */
    public static ControlAddress parse(String text, String option) {
        try {
            return parseAddress(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage());
        }
    }

    private static ControlAddress parseAddress(String text) {
        String s = text == null ? "" : text.trim();
        String host = DEFAULT_HOST;
        String port = s;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("takes [HOST:]PORT, as in 8080 or [::1]:8080, got '" + text + "'");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else if (s.contains(":")) {
            int colon = s.lastIndexOf(':');
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        try {
            return new ControlAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("takes [HOST:]PORT, as in 8080 or 0.0.0.0:8080, got '" + text + "'");
        }
    }

    /** Whether only this machine can reach the page (then no token is asked for). */
    public boolean loopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
