package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes the fuzz corpus that {@link FuzzCorpusTest} runs: hostile audio headers, malformed contracts, broken ONNX
 * files, plus {@code cases.properties} naming the expected outcome of each file
 * ({@code error}: exit code 1 with one clear line naming the file; {@code sanitized}: success with NaN/Inf replaced
 * and logged; {@code ok}: success). Deterministic (fixed seed), so re-running it reproduces the committed files.
 *
 * <p>Regenerate from the repository root (then commit the folder; {@code cases.properties} lists every file):
 * <pre>
 * mvn -q -o -pl app -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * rm -rf app/src/test/resources/fuzz
 * java -cp "app/target/test-classes:$(cat /tmp/cp.txt)" dev.fractalsync.app.FuzzCorpusGenerator app/src/test/resources/fuzz
 * </pre>
 * The contract cases are derived from {@code model_contracts/v1.json}, read from the working directory.
 */
public final class FuzzCorpusGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Fields whose empty value ("" / [] / {}) is a distinct case worth a file of its own. */
    private static final List<String> EMPTY_CASES = List.of("version", "labels", "horizons_beats", "models");

    private final Path root;
    private final Map<String, String> expected = new TreeMap<>();
    private final Random random = new Random(20261125L);

    private FuzzCorpusGenerator(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "app/src/test/resources/fuzz");
        Path contract = Path.of(args.length > 1 ? args[1] : "model_contracts/v1.json");
        FuzzCorpusGenerator g = new FuzzCorpusGenerator(root);
        g.audio();
        g.contracts(contract);
        g.onnx();
        g.writeManifest();
        System.out.println(g.expected.size() + " fuzz cases -> " + root);
    }

    // ---------------------------------------------------------------- audio

    private void audio() throws IOException {
        put("audio/ok-valid-short.wav", wav(1, 1, 8000, 16, pcm16(2000), -1), "ok");
        byte[] valid = wav(1, 1, 8000, 16, pcm16(400), -1);
        put("audio/empty.wav", new byte[0], "error");
        put("audio/garbage.wav", garbage(512), "error");
        put("audio/garbage.mp3", garbage(512), "error");
        put("audio/wav-truncated-header-20.wav", Arrays.copyOf(valid, 20), "error");
        put("audio/wav-truncated-header-40.wav", Arrays.copyOf(valid, 40), "error");
        put("audio/wav-bad-riff-magic.wav", replace(valid, 0, "RIFX"), "error");
        // javax.sound reads the 16 format bytes whatever the declared chunk size says, so this one decodes.
        put("audio/wav-fmt-chunk-size-2.wav", replaceInt(valid, 16, 2, ByteOrder.LITTLE_ENDIAN), "ok");
        put("audio/wav-rate-0.wav", wav(1, 1, 0, 16, pcm16(400), -1), "error");
        put("audio/wav-rate-1.wav", wav(1, 1, 1, 16, pcm16(400), -1), "error");
        put("audio/wav-rate-1000000000.wav", wav(1, 1, 1_000_000_000, 16, pcm16(400), -1), "error");
        put("audio/wav-channels-0.wav", wav(1, 0, 8000, 16, pcm16(400), -1), "error");
        put("audio/wav-channels-65535.wav", wav(1, 65535, 8000, 16, pcm16(400), -1), "error");
        put("audio/wav-bits-12.wav", wav(1, 1, 8000, 12, pcm16(400), -1), "error");
        put("audio/wav-header-only.wav", wav(1, 1, 8000, 16, new byte[0], -1), "error");
        put("audio/wav-data-size-overstated.wav", wav(1, 1, 8000, 16, pcm16(2000), 0x7FFF_FFF0), "ok");
        put("audio/wav-float-nan.wav", wav(3, 1, 8000, 32, floats(2000, Float.NaN), -1), "sanitized");
        put("audio/wav-float-inf.wav", wav(3, 2, 8000, 32, floats(2000, Float.POSITIVE_INFINITY), -1), "sanitized");

        byte[] aiff = aiff(1, 8000, 16, pcm16Big(400));
        put("audio/aiff-truncated-header-30.aiff", Arrays.copyOf(aiff, 30), "error");
        // javax.sound does not check the FORM type once it finds COMM and SSND, so this one decodes.
        put("audio/aiff-bad-form-type.aiff", replace(aiff, 8, "AIFX"), "ok");
        put("audio/aiff-rate-0.aiff", aiff(1, 0, 16, pcm16Big(400)), "error");
        put("audio/aiff-rate-1.aiff", aiff(1, 1, 16, pcm16Big(400)), "error");
        put("audio/aiff-rate-1000000000.aiff", aiff(1, 1_000_000_000, 16, pcm16Big(400)), "error");
        put("audio/aiff-channels-0.aiff", aiff(0, 8000, 16, pcm16Big(400)), "error");
        put("audio/aiff-channels-65535.aiff", aiff(65535, 8000, 16, pcm16Big(400)), "error");
        put("audio/aiff-header-only.aiff", aiff(1, 8000, 16, new byte[0]), "error");
    }

    /** A RIFF/WAVE file; {@code declaredDataSize < 0} declares the true size. */
    private static byte[] wav(int formatTag, int channels, int rate, int bits, byte[] data, int declaredDataSize) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * bits / 8;
        b.put(ascii("RIFF")).putInt(36 + data.length).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) formatTag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        b.put(ascii("data")).putInt(declaredDataSize < 0 ? data.length : declaredDataSize).put(data);
        return b.array();
    }

    private static byte[] aiff(int channels, int rate, int bits, byte[] data) {
        int frames = channels == 0 ? 0 : data.length / (channels * bits / 8);
        ByteBuffer b = ByteBuffer.allocate(12 + 26 + 16 + data.length).order(ByteOrder.BIG_ENDIAN);
        b.put(ascii("FORM")).putInt(4 + 26 + 16 + data.length).put(ascii("AIFF"));
        b.put(ascii("COMM")).putInt(18).putShort((short) channels).putInt(frames).putShort((short) bits)
                .put(extended80(rate));
        b.put(ascii("SSND")).putInt(8 + data.length).putInt(0).putInt(0).put(data);
        return b.array();
    }

    /** IEEE 754 80-bit extended encoding of a non-negative integer (AIFF sample rate). */
    private static byte[] extended80(long value) {
        byte[] out = new byte[10];
        if (value == 0) {
            return out;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        long mantissa = value << (63 - exponent);
        int e = exponent + 16383;
        out[0] = (byte) (e >> 8);
        out[1] = (byte) e;
        for (int i = 0; i < 8; i++) {
            out[2 + i] = (byte) (mantissa >>> (56 - 8 * i));
        }
        return out;
    }

    private static byte[] pcm16(int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
        }
        return b.array();
    }

    private static byte[] pcm16Big(int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * 2).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
        }
        return b.array();
    }

    /** A sine with {@code poison} in every 7th sample. */
    private static byte[] floats(int samples, float poison) {
        ByteBuffer b = ByteBuffer.allocate(samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            b.putFloat(i % 7 == 0 ? poison : (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 8000.0)));
        }
        return b.array();
    }

    // ---------------------------------------------------------------- contracts

    private void contracts(Path v1) throws IOException {
        ObjectNode contract = (ObjectNode) JSON.readTree(v1.toFile());
        for (Iterator<String> it = contract.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            JsonNode value = contract.get(field);
            ObjectNode missing = contract.deepCopy();
            missing.remove(field);
            String outcome = "error";
            putJson("contract/" + field + "-missing.json", missing, outcome);
            ObjectNode wrongType = contract.deepCopy();
            wrongType.set(field, value.isTextual() ? NODES.numberNode(7) : NODES.textNode("seven"));
            putJson("contract/" + field + "-wrong-type.json", wrongType, outcome);
            if (EMPTY_CASES.contains(field)) {
                ObjectNode empty = contract.deepCopy();
                empty.set(field, value.isTextual() ? NODES.textNode("") : value.isArray() ? NODES.arrayNode() : NODES.objectNode());
                putJson("contract/" + field + "-empty.json", empty, outcome);
            }
        }
        put("contract/truncated.json", Arrays.copyOf(JSON.writeValueAsBytes(contract), 600), "error");
        put("contract/not-an-object.json", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8), "error");
    }

    private void putJson(String name, JsonNode node, String outcome) throws IOException {
        put(name, JSON.writeValueAsBytes(node), outcome);
    }

    // ---------------------------------------------------------------- onnx

    private void onnx() throws IOException {
        put("onnx/empty.onnx", new byte[0], "error");
        put("onnx/garbage.onnx", garbage(1024), "error");
        byte[] real = resource("/dev/fractalsync/structure/anticipator/anticipator.onnx");
        put("onnx/anticipator-truncated-2k.onnx", Arrays.copyOf(real, 2048), "error");
        byte[] flipped = Arrays.copyOf(real, 2048);
        for (int i = 0; i < flipped.length; i += 13) {
            flipped[i] ^= (byte) 0x5A;
        }
        put("onnx/anticipator-bitflipped-2k.onnx", flipped, "error");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FuzzCorpusGenerator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing class-path resource " + name);
            }
            return in.readAllBytes();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void put(String name, byte[] bytes, String outcome) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        expected.put(name, outcome);
    }

    private void writeManifest() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("# Expected outcome per fuzz case; written by FuzzCorpusGenerator, do not edit by hand.\n")
                .getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> e : expected.entrySet()) {
            out.writeBytes((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(root.resolve("cases.properties"), out.toByteArray());
    }

    private byte[] garbage(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] replace(byte[] src, int at, String ascii) {
        byte[] out = src.clone();
        byte[] r = ascii(ascii);
        System.arraycopy(r, 0, out, at, r.length);
        return out;
    }

    private static byte[] replaceInt(byte[] src, int at, int value, ByteOrder order) {
        byte[] out = src.clone();
        ByteBuffer.wrap(out).order(order).putInt(at, value);
        return out;
    }
}
