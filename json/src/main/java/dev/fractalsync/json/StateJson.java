package dev.fractalsync.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON wire form of the state records (what leaves the JVM: the clustered bus, {@code analyze --out}).
 * Field names are the contract's snake_case names. The records ({@link dev.fractalsync.api.SlowState},
 * {@link dev.fractalsync.api.BeatClockState}, {@link dev.fractalsync.api.StructureState},
 * {@link dev.fractalsync.api.ControlVector}) carry no JSON annotations: their form is written here, in this module.
 */
public final class StateJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // the shortest decimal that reads back as the same double (Schubfach), not Java 17's Double.toString,
            // which is several times slower and sometimes longer: writing numbers was most of analyze --out's JSON time
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .addModule(StateWireFormat.module())
            .build();

    private StateJson() {
    }

    /** A shared, thread-safe mapper configured for the wire form. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object state) {
        try {
            return MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + state.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }
}
