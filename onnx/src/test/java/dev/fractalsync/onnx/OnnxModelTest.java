package dev.fractalsync.onnx;

import dev.fractalsync.api.contract.ModelSpec;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures of the loader itself; the contract check on real models is tested with each provider's model. */
class OnnxModelTest {
    private static final ModelSpec SPEC = ContractFiles.v1().model("controller").orElseThrow();

    @Test
    void garbageBytesAreOneProviderException(@TempDir Path dir) throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.onnx"), new byte[]{1, 2, 3, 4, 5});
        ProviderException e = assertThrows(ProviderException.class,
                () -> OnnxModel.open("demo", () -> OnnxModelTest.class.getResourceAsStream("none.onnx"), "none.onnx", garbage.toString(), SPEC));
        assertTrue(e.getMessage().startsWith("demo: cannot load " + garbage + ": "), e.getMessage());
    }

    @Test
    void missingFileAndMissingBundledModelSayWhich(@TempDir Path dir) {
        ProviderException file = assertThrows(ProviderException.class,
                () -> OnnxModel.open("demo", () -> OnnxModelTest.class.getResourceAsStream("none.onnx"), "none.onnx", dir.resolve("no.onnx").toString(), SPEC));
        assertTrue(file.getMessage().startsWith("demo: cannot read model file "), file.getMessage());
        ProviderException bundled = assertThrows(ProviderException.class,
                () -> OnnxModel.open("demo", () -> OnnxModelTest.class.getResourceAsStream("none.onnx"), "none.onnx", null, SPEC));
        assertTrue(bundled.getMessage().equals("demo: the bundled model none.onnx is missing from this build"),
                bundled.getMessage());
    }
}
