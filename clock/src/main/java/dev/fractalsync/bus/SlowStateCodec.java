package dev.fractalsync.bus;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.json.StateJson;
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

    @Override
    public SlowState decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
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
