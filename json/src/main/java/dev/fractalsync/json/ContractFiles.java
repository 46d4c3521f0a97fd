package dev.fractalsync.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.api.contract.ContractException;
import dev.fractalsync.api.contract.ModelContract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads model contract files ({@code model_contracts/v1.json}) into a {@link ModelContract}: the JSON is parsed here
 * and the document handed to {@link ModelContract#fromTree}, which validates it. The v1 contract this build was
 * compiled against ships inside this module's jar.
 */
public final class ContractFiles {
    /** Where {@link #v1()} says the bundled contract came from. */
    public static final String BUNDLED_V1_SOURCE = "bundled:model_contracts/v1.json";
    private static final String BUNDLED_V1 = "v1.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ContractFiles() {
    }

    /** Loads and validates a contract file. */
    public static ModelContract load(Path file) {
        String source = file.toString();
        try {
            return parse(source, Files.readAllBytes(file));
        } catch (NoSuchFileException ex) {
            throw new ContractException(source, "file does not exist", ex);
        } catch (IOException ex) {
            throw new ContractException(source, "cannot read: " + ex.getMessage(), ex);
        }
    }

    /** The v1 contract this build was compiled against (bundled in this module's jar). */
    public static ModelContract v1() {
        return parse(BUNDLED_V1_SOURCE, bundledV1());
    }

    /** The bytes of the bundled v1 contract, for tests that edit it. */
    public static byte[] bundledV1() {
        try (InputStream in = ContractFiles.class.getResourceAsStream(BUNDLED_V1)) {
            if (in == null) {
                throw new IllegalStateException("bundled contract " + BUNDLED_V1 + " is missing from the fractalsync-json jar");
            }
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Parses and validates contract JSON; {@code source} names it in error messages. */
    @SuppressWarnings("unchecked")
    public static ModelContract parse(String source, byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException ex) {
            throw new ContractException(source, "is not valid JSON (" + ex.getOriginalMessage() + " at line "
                    + ex.getLocation().getLineNr() + ")", ex);
        } catch (IOException ex) {
            throw new ContractException(source, "cannot read: " + ex.getMessage(), ex);
        }
        if (root == null || !root.isObject()) {
            throw new ContractException(source, "is not a JSON object", (Throwable) null);
        }
        // objects become LinkedHashMaps (file order), arrays Lists, numbers Integer/Long/BigInteger/Double
        return ModelContract.fromTree(source, MAPPER.convertValue(root, Map.class));
    }
}
