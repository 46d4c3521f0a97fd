package dev.fractalsync.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DatasetCorpusCommandTest {
    @Test
    void theCorpusCommandIsFoundBesideTheAudioOrOneLevelUpForAFamilyFolder(@TempDir Path dir) throws Exception {
        Path family = Files.createDirectories(dir.resolve("piano"));
        assertNull(DatasetCommand.corpusCommand(family));
        Files.writeString(dir.resolve("corpus.json"), "{\"command\": \"billboard-corpus --split train\"}");
        assertEquals("billboard-corpus --split train", DatasetCommand.corpusCommand(family));
        Files.writeString(family.resolve("corpus.json"), "{\"command\": \"midi-corpus --songs 3\"}");
        assertEquals("midi-corpus --songs 3", DatasetCommand.corpusCommand(family));
    }
}
