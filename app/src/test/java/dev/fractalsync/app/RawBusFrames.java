package dev.fractalsync.app;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Frames of Vert.x 5's clustered event-bus wire protocol, built by hand so they can be wrong: what any process that
 * reaches a node's event-bus port can send without joining the cluster. A frame is {@code int length | byte wire
 * version (2) | byte codec id (-1: a named codec, then its name) | byte 1 (publish) | address | reply address (int
 * 0: none) | sender | headers (int length including itself, int count, then name and value) | body}; strings are an
 * int length and UTF-8.
 */
final class RawBusFrames {
    static final byte STRING_CODEC = 2;
    static final byte BUFFER_CODEC = 3;
    static final byte INT_CODEC = 7;
    static final byte NAMED_CODEC = -1;

    private RawBusFrames() {
    }

    static byte[] string(String s) {
        return lengthThen(s.getBytes(StandardCharsets.UTF_8).length, s);
    }

    /** An int (a declared length, possibly a lie) followed by the UTF-8 bytes of {@code rest}. */
    static byte[] lengthThen(int declared, String rest) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(o)) {
            d.writeInt(declared);
            d.write(rest.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toByteArray();
    }

    /** Headers holding one name and value. */
    static byte[] header(String name, String value) {
        byte[] n = string(name);
        byte[] v = string(value);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(o)) {
            d.writeInt(8 + n.length + v.length);
            d.writeInt(1);
            d.write(n);
            d.write(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toByteArray();
    }

    /** A published frame; {@code codecName} only with {@link #NAMED_CODEC}. */
    static byte[] frame(byte codecId, String codecName, String address, byte[] headers, byte[] body) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(payload)) {
            d.writeByte(2);
            d.writeByte(codecId);
            if (codecId == NAMED_CODEC) {
                d.write(string(codecName));
            }
            d.writeByte(1);
            d.write(string(address));
            d.writeInt(0);
            d.write(string("127.0.0.1:1"));
            d.write(headers);
            d.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(frame)) {
            d.writeInt(payload.size());
            d.write(payload.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frame.toByteArray();
    }
}
