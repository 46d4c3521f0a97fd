package dev.fractalsync.bus;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.json.StateJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;

/**
 * Event-bus codec for {@link SlowState}: in-process delivery passes the immutable record itself (no copy); across
 * JVMs it travels as the contract's JSON wire form (length-prefixed UTF-8).
 */
public final class SlowStateCodec implements MessageCodec<SlowState, SlowState> {
    public static final String NAME = "fractalsync-slow-state";

    @Override
    public void encodeToWire(Buffer buffer, SlowState state) {
        byte[] json = StateJson.write(state).getBytes(StandardCharsets.UTF_8);
        buffer.appendInt(json.length);
        buffer.appendBytes(json);
    }

    /**
     * The state at {@code pos}; a declared length that is negative or longer than the bytes that follow is refused
     * with an {@link IllegalArgumentException} before anything is allocated (a peer's 4 bytes must not make this
     * node allocate 2 GB), as is JSON that is not a SlowState.
     */
    @Override
    public SlowState decodeFromWire(int pos, Buffer buffer) {
        int available = buffer.length() - pos - 4;
        if (pos < 0 || available < 0) {
            throw new IllegalArgumentException("a SlowState message too short for its length field ("
                    + Math.max(0, buffer.length() - Math.max(pos, 0)) + " bytes)");
        }
        int length = buffer.getInt(pos);
        if (length < 0 || length > available) {
            throw new IllegalArgumentException("a SlowState message declares " + length + " bytes of JSON and carries "
                    + available);
        }
        String json = buffer.getString(pos + 4, pos + 4 + length, StandardCharsets.UTF_8.name());
        return StateJson.read(json, SlowState.class);
    }

    @Override
    public SlowState transform(SlowState state) {
        return state;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
