package dev.fractalsync.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.contract.ContractException;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.contract.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractFilesTest {
    private static final Path V1 = Path.of("..", "model_contracts", "v1.json");
    private static final Path SCHEMA = Path.of("..", "model_contracts", "v1.schema.json");
    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void repositoryContractLoadsAndMatchesTheCode() {
        ModelContract c = ContractFiles.load(V1);
        assertEquals(1, c.major());
        assertEquals(48000, c.sampleRate());
        assertEquals(1024, c.hop());
        assertEquals(1024.0 / 48000, c.hopSeconds(), 1e-12);
        assertEquals(List.of(1, 2, 4), c.decimations());
        assertEquals(Arrays.stream(SectionLabel.values()).map(SectionLabel::contractName).toList(), c.labels());
        assertArrayEquals(new int[]{1, 2, 4, 8, 16}, c.horizonsBeats());
        assertEquals(List.of("sin_phase", "cos_phase", "log_spb", "conf", "downbeat_prob"), c.beatFeatures());
        assertEquals(22, c.audioFeatures().size());
        TensorSpec audio = c.model("anticipator").orElseThrow().input("audio_window").orElseThrow();
        assertArrayEquals(new long[]{1, c.tSlow(), 22}, audio.shape());
        TensorSpec control = c.model("controller").orElseThrow().output("control").orElseThrow();
        assertArrayEquals(new long[]{1, ControlVector.SIZE}, control.shape());
    }

    @Test
    void bundledContractIsTheRepositoryContract() throws IOException {
        ModelContract bundled = ContractFiles.v1();
        ModelContract repo = ContractFiles.load(V1);
        assertEquals(repo.version(), bundled.version());
        assertEquals(repo.audioFeatures(), bundled.audioFeatures());
        assertEquals(mapper.readTree(V1.toFile()), mapper.readTree(ContractFiles.bundledV1()));
    }

    @Test
    void repositoryContractSatisfiesItsJsonSchema() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA));
        Set<ValidationMessage> errors = schema.validate(mapper.readTree(V1.toFile()));
        assertTrue(errors.isEmpty(), () -> "schema violations: " + errors);
    }

    @Test
    void schemaRejectsWhatTheLoaderRejects() throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA));
        ObjectNode bad = (ObjectNode) mapper.readTree(V1.toFile());
        bad.remove("labels");
        assertTrue(!schema.validate(bad).isEmpty());
    }

    private ContractException badContract(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) mapper.readTree(V1.toFile());
        edit.accept(root);
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, mapper.writeValueAsString(root));
        ContractException e = assertThrows(ContractException.class, () -> ContractFiles.load(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one-line message");
        return e;
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        ContractException e = badContract(r -> r.remove("hop"));
        assertEquals("hop", e.field());
        assertTrue(e.getMessage().contains("'hop': missing"), e.getMessage());
        assertEquals("windows.T_slow", badContract(r -> ((ObjectNode) r.get("windows")).remove("T_slow")).field());
    }

    @Test
    void inputLevelStageIsTheBuildsOwnAndOptionalBefore12() throws IOException {
        assertTrue(ContractFiles.load(V1).hasInputLevel());
        ContractException e = badContract(r -> ((ObjectNode) r.get("input_level")).put("target_dbfs", -14));
        assertEquals("input_level.target_dbfs", e.field());
        assertTrue(e.getMessage().contains("differs from this build's input-level stage"), e.getMessage());

        ObjectNode older = (ObjectNode) mapper.readTree(V1.toFile());
        older.remove("input_level");
        older.put("version", "1.1.0");
        Path f = tmp.resolve("v1.1.json");
        Files.writeString(f, mapper.writeValueAsString(older));
        assertTrue(!ContractFiles.load(f).hasInputLevel());
    }

    @Test
    void pitchFeaturesAreTwelveChromaSince15AndAbsentBefore() throws IOException {
        ModelContract c = ContractFiles.load(V1);
        assertEquals(12, c.pitchFeatures().size());
        assertArrayEquals(new long[]{1, 256, 12},
                c.model("anticipator").orElseThrow().input("pitch_window").orElseThrow().shape());
        ContractException e = badContract(r -> ((ObjectNode) r.get("pitch_features")).remove("features"));
        assertEquals("pitch_features.features", e.field());

        ObjectNode older = (ObjectNode) mapper.readTree(V1.toFile());
        older.remove("pitch_features");
        older.put("version", "1.4.0");
        for (JsonNode model : older.get("models")) {
            ArrayNode inputs = (ArrayNode) model.get("inputs");
            for (int i = inputs.size() - 1; i >= 0; i--) {
                if (inputs.get(i).get("name").asText().equals("pitch_window")) {
                    inputs.remove(i);
                }
            }
        }
        Path f = tmp.resolve("v1.4.json");
        Files.writeString(f, mapper.writeValueAsString(older));
        assertTrue(ContractFiles.load(f).pitchFeatures().isEmpty());
    }

    @Test
    void wrongLabelCountIsNamed() throws IOException {
        ContractException e = badContract(r -> ((ArrayNode) r.get("labels")).remove(7));
        assertEquals("labels", e.field());
        assertTrue(e.getMessage().contains("expected 8 labels, found 7"), e.getMessage());
    }

    @Test
    void duplicateLabelIsNamed() throws IOException {
        ContractException e = badContract(r -> ((ArrayNode) r.get("labels")).set(7, "verse"));
        assertTrue(e.getMessage().contains("duplicate label 'verse'"), e.getMessage());
    }

    @Test
    void reorderedLabelsAreRejected() throws IOException {
        ContractException e = badContract(r -> {
            ArrayNode l = (ArrayNode) r.get("labels");
            l.set(0, "intro");
            l.set(1, "silence");
        });
        assertEquals("labels[0]", e.field());
    }

    @Test
    void unknownVersionIsRejected() throws IOException {
        ContractException e = badContract(r -> r.put("version", "2.0.0"));
        assertEquals("version", e.field());
        assertTrue(e.getMessage().contains("unknown version 2.0.0"), e.getMessage());
        assertEquals("version", badContract(r -> r.put("version", "one")).field());
    }

    @Test
    void horizonsMustIncrease() throws IOException {
        ContractException e = badContract(r -> {
            ArrayNode h = (ArrayNode) r.get("horizons_beats");
            h.set(2, 2);
        });
        assertEquals("horizons_beats", e.field());
        assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
    }

    @Test
    void badTensorShapeIsNamed() throws IOException {
        ContractException e = badContract(r -> {
            ArrayNode shape = (ArrayNode) r.at("/models/anticipator/inputs/0/shape");
            shape.set(1, "T_medium");
        });
        assertEquals("models.anticipator.inputs[0].shape[1]", e.field());
    }

    @Test
    void controlVectorMustMatchTheRecord() throws IOException {
        ContractException e = badContract(r -> ((ObjectNode) r.get("control_vector").get(0)).put("max", 3.0));
        assertEquals("control_vector[0]", e.field());
    }

    @Test
    void anchorMustBeTheV1Anchor() throws IOException {
        assertEquals("c_anchor", badContract(r -> r.remove("c_anchor")).field());
        ContractException e = badContract(r -> ((ArrayNode) r.get("c_anchor")).set(0, 0.25));
        assertTrue(e.getMessage().contains("v1 fixes [-0.5, 0.0]"), e.getMessage());
    }

    @Test
    void invalidJsonAndMissingFileGiveOneLine() throws IOException {
        Path f = tmp.resolve("broken.json");
        Files.writeString(f, "{\"version\": ");
        ContractException e = assertThrows(ContractException.class, () -> ContractFiles.load(f));
        assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
        ContractException missing = assertThrows(ContractException.class, () -> ContractFiles.load(tmp.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void tensorSpecAcceptsDynamicDimensions() {
        TensorSpec t = new TensorSpec("x", "float32", new long[]{1, 256, 22}, false);
        assertTrue(t.accepts(new long[]{-1, 256, 22}));
        assertTrue(!t.accepts(new long[]{1, 128, 22}));
        assertTrue(!t.accepts(new long[]{256, 22}));
        assertEquals(256 * 22, t.size());
    }
}
