package dev.fractalsync.tools.billboard;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
