package dev.fractalsync.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/**
 * The state records' wire form, written out by hand so the records in {@code fractalsync.api} carry no JSON
 * annotations and open nothing to a JSON library: snake_case contract names, fields in the order below, absent
 * optional values left out. The bytes are what the records' former Jackson annotations produced (numbers go through
 * the same generator calls), and reading is as strict as it was: a missing required field, a wrong type, an unknown
 * field or a value the record rejects fails with a message naming the field.
 */
final class StateWireFormat {
    private static final Set<String> BEAT_FIELDS = Set.of("t_sec", "spb", "phase", "beat_count", "conf", "downbeat_prob");
    private static final Set<String> STRUCTURE_FIELDS = Set.of("section_probs", "hazard_probs", "macro_embedding");
    private static final Set<String> SLOW_FIELDS = Set.of("hop", "beat", "section", "structure", "features");
    private static final Set<String> CONTROL_FIELDS = Set.of(ControlVector.NAMES);

    private StateWireFormat() {
    }

    /** The serializers and deserializers of the four state records, for {@link StateJson#mapper()}. */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("fractalsync-states");
        m.addSerializer(BeatClockState.class, serializer(StateWireFormat::writeBeat));
        m.addSerializer(StructureState.class, serializer(StateWireFormat::writeStructure));
        m.addSerializer(SlowState.class, serializer(StateWireFormat::writeSlow));
        m.addSerializer(ControlVector.class, serializer(StateWireFormat::writeControl));
        m.addDeserializer(BeatClockState.class, deserializer(StateWireFormat::readBeat));
        m.addDeserializer(StructureState.class, deserializer(StateWireFormat::readStructure));
        m.addDeserializer(SlowState.class, deserializer(StateWireFormat::readSlow));
        m.addDeserializer(ControlVector.class, deserializer(StateWireFormat::readControl));
        return m;
    }

    // ---- writing

    private interface Writer<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    private static <T> JsonSerializer<T> serializer(Writer<T> w) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
                w.write(g, value);
            }
        };
    }

    private static void writeBeat(JsonGenerator g, BeatClockState b) throws IOException {
        g.writeStartObject();
        g.writeNumberField("t_sec", b.tSec());
        g.writeNumberField("spb", b.spb());
        g.writeNumberField("phase", b.phase());
        g.writeNumberField("beat_count", b.beatCount());
        g.writeNumberField("conf", b.conf());
        if (b.downbeatProb() != null) {
            g.writeNumberField("downbeat_prob", b.downbeatProb().doubleValue());
        }
        g.writeEndObject();
    }

    private static void writeStructure(JsonGenerator g, StructureState s) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("section_probs");
        for (SectionLabel label : SectionLabel.values()) {
            g.writeNumberField(label.contractName(), s.sectionProb(label));
        }
        g.writeEndObject();
        writeArray(g, "hazard_probs", s.hazardProbs());
        double[] embedding = s.macroEmbedding();
        if (embedding != null) {
            writeArray(g, "macro_embedding", embedding);
        }
        g.writeEndObject();
    }

    private static void writeSlow(JsonGenerator g, SlowState s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("hop", s.hopIndex());
        g.writeFieldName("beat");
        writeBeat(g, s.beat());
        g.writeStringField("section", s.section().contractName());
        g.writeFieldName("structure");
        writeStructure(g, s.structure());
        g.writeArrayFieldStart("features");
        for (int i = 0, n = s.featureCount(); i < n; i++) {
            g.writeNumber(s.feature(i));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeControl(JsonGenerator g, ControlVector c) throws IOException {
        double[] v = {c.dcRe(), c.dcIm(), c.hueOffset(), c.saturation(), c.contrast(), c.cycleSpeed(), c.zoomPulse(),
                c.rotation(), c.iterationGain()};
        g.writeStartObject();
        for (int i = 0; i < ControlVector.SIZE; i++) {
            g.writeNumberField(ControlVector.NAMES[i], v[i]);
        }
        g.writeEndObject();
    }

    private static void writeArray(JsonGenerator g, String field, double[] values) throws IOException {
        g.writeFieldName(field);
        g.writeArray(values, 0, values.length);
    }

    // ---- reading

    private static <T> JsonDeserializer<T> deserializer(Function<JsonNode, T> reader) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode n = p.readValueAsTree();
                try {
                    return reader.apply(n);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        };
    }

    static BeatClockState readBeat(JsonNode n) {
        object(n, "beat", BEAT_FIELDS);
        JsonNode downbeat = n.get("downbeat_prob");
        return new BeatClockState(number(n, "t_sec"), number(n, "spb"), number(n, "phase"), integer(n, "beat_count"),
                number(n, "conf"), downbeat == null || downbeat.isNull() ? null : number(n, "downbeat_prob"));
    }

    /** {@code section_probs} named by label (an object) or, as written before, an array in label order. */
    static StructureState readStructure(JsonNode n) {
        object(n, "structure", STRUCTURE_FIELDS);
        return new StructureState(sectionProbs(n.get("section_probs")), optionalNumbers(n, "hazard_probs"),
                optionalNumbers(n, "macro_embedding"));
    }

    /**
     * A state written before the held section was published has no {@code section}: it reads as its most probable
     * label (what such a file's consumers showed).
     */
    static SlowState readSlow(JsonNode n) {
        object(n, "SlowState", SLOW_FIELDS);
        if (!present(n, "hop")) {
            throw new IllegalArgumentException("missing required field 'hop'");
        }
        long hop = integer(n, "hop");
        BeatClockState beat = present(n, "beat") ? readBeat(n.get("beat")) : null;
        if (!present(n, "structure")) {
            throw new NullPointerException("structure");
        }
        StructureState structure = readStructure(n.get("structure"));
        JsonNode section = n.get("section");
        SectionLabel label;
        if (section == null || section.isNull()) {
            label = structure.topSection();
        } else if (section.isTextual()) {
            label = SectionLabel.ofContractName(section.asText());
        } else {
            throw new IllegalArgumentException("section must be a label name, got " + section);
        }
        float[] features = null;
        if (present(n, "features")) {
            JsonNode f = array(n, "features");
            features = new float[f.size()];
            for (int i = 0; i < features.length; i++) {
                features[i] = (float) numberValue(f.get(i), "features[" + i + "]");
            }
        }
        return new SlowState(hop, beat, structure, label, features);
    }

    static ControlVector readControl(JsonNode n) {
        object(n, "ControlVector", CONTROL_FIELDS);
        double[] v = new double[ControlVector.SIZE];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(n, ControlVector.NAMES[i]);
        }
        return new ControlVector(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    private static double[] sectionProbs(JsonNode n) {
        if (n == null || n.isNull()) {
            return null; // rejected by the constructor, naming the field
        }
        double[] p = new double[n.size()];
        if (n.isArray()) {
            for (int i = 0; i < p.length; i++) {
                p[i] = numberValue(n.get(i), "section_probs[" + i + "]");
            }
            return p;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("section_probs must be an object of label: probability, got " + n.getNodeType());
        }
        p = new double[SectionLabel.COUNT];
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            SectionLabel.ofContractName(names.next()); // an unknown label is an error, not ignored
        }
        for (SectionLabel label : SectionLabel.values()) {
            JsonNode v = n.get(label.contractName());
            if (v == null) {
                throw new IllegalArgumentException("section_probs has no '" + label.contractName() + "'");
            }
            p[label.ordinal()] = numberValue(v, "section_probs." + label.contractName());
        }
        return p;
    }

    private static void object(JsonNode n, String what, Set<String> fields) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(what + " must be an object, got " + (n == null ? "nothing" : n.getNodeType()));
        }
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new IllegalArgumentException("unrecognized field '" + name + "' (known: " + new java.util.TreeSet<>(fields) + ")");
            }
        }
    }

    private static boolean present(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && !v.isNull();
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return numberValue(v, field);
    }

    private static double numberValue(JsonNode v, String field) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        if (!v.isNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be an integer, got " + v);
        }
        return v.longValue();
    }

    private static JsonNode array(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!v.isArray()) {
            throw new IllegalArgumentException(field + " must be an array, got " + v.getNodeType());
        }
        return v;
    }

    /** An array of numbers, or null when absent (the record's constructor names a missing required one). */
    private static double[] optionalNumbers(JsonNode n, String field) {
        if (!present(n, field)) {
            return null;
        }
        JsonNode a = array(n, field);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numberValue(a.get(i), field + "[" + i + "]");
        }
        return out;
    }
}
