package dev.fractalsync.tools.cli;

import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.structure.anticipator.AnticipatorStructureProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole structure training path on a tiny corpus, as the model card's Regenerate section runs it: a dataset with
 * pitch frames, a training run, a model the runtime provider opens, and a card that states the pitch input (or, with
 * --no-pitch, its absence).
 */
class AnticipatorTrainingRunTest {
    @Test
    void datasetTrainingAndCardWithAndWithoutPitch(@TempDir Path dir) throws Exception {
        Path ds = dir.resolve("ds");
        CliRun data = CliRun.tools("dataset", "-q", "--synthetic", "2", "--seed", "3", "--heldout-every", "2",
                "--out", ds.toString());
        assertEquals(0, data.code(), data.err());
        for (boolean pitch : new boolean[]{true, false}) {
            Path model = dir.resolve(pitch ? "pitch.onnx" : "plain.onnx");
            Path card = dir.resolve(pitch ? "pitch.md" : "plain.md");
            CliRun train = pitch
                    ? CliRun.tools("train-anticipator", "-q", "--data", ds.toString(), "--epochs", "1", "--hidden", "4",
                    "--stride", "32", "--out", model.toString(), "--card", card.toString())
                    : CliRun.tools("train-anticipator", "-q", "--data", ds.toString(), "--epochs", "1", "--hidden", "4",
                    "--stride", "32", "--no-pitch", "--out", model.toString(), "--card", card.toString());
            assertEquals(0, train.code(), train.err());
            String text = Files.readString(card);
            assertEquals(pitch, text.contains("`pitch_window [1,256,12]`"), text);
            assertEquals(!pitch, text.contains("--no-pitch"), text);
            try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
                p.open(ProviderContext.defaults(ContractFiles.v1()).withOptions(Map.of("model", model.toString())));
            }
            assertTrue(train.out().contains("anticipator  section acc"), train.out());
        }
    }
}
