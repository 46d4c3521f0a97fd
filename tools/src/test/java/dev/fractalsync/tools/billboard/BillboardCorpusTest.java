package dev.fractalsync.tools.billboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BillboardCorpusTest {
    @Test
    void theSplitIsAFunctionOfTheArtistAloneSoFeaturedAndArticleVariantsStayTogether() {
        assertEquals(BillboardCorpus.artistKey("The Beatles"), BillboardCorpus.artistKey("Beatles"));
        assertEquals(BillboardCorpus.splitOf("Elton John"), BillboardCorpus.splitOf("Elton John & Kiki Dee"));
        assertEquals(BillboardCorpus.splitOf("The Supremes"), BillboardCorpus.splitOf("Supremes"));
    }

    @Test
    void aboutTheValidationShareOfArtistsIsHeldOut() {
        Map<BillboardCorpus.Split, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            counts.merge(BillboardCorpus.splitOf("artist number " + i), 1, Integer::sum);
        }
        double share = counts.get(BillboardCorpus.Split.VALIDATION) / 4000.0;
        assertTrue(Math.abs(share - BillboardCorpus.VALIDATION_SHARE) < 0.03, "share " + share);
    }

    @Test
    void anEarlierCorpusNamesTheSongsToLeaveOut(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus.json");
        Files.writeString(corpus, """
                {"format": "fractalsync-billboard-corpus", "songs": [
                  {"name": "bb0074-piano-timgm6mb", "billboard_id": "0074"},
                  {"name": "bb0074-band-timgm6mb", "billboard_id": "0074"},
                  {"name": "bb0012-band-timgm6mb", "billboard_id": "0012"}]}
                """);
        assertEquals(Set.of("0074", "0012"), BillboardCorpus.songIds(corpus));
        Path other = dir.resolve("index.json");
        Files.writeString(other, "{\"format\": \"fractalsync-dataset\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BillboardCorpus.songIds(other)).getMessage()
                .contains("not a billboard-corpus"));
    }
}
