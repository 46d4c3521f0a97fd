package dev.fractalsync.api.contract;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation of a parsed document; reading files is fractalsync-json's (ContractFilesTest covers the v1 file). */
class ModelContractTest {
    @Test
    void fieldsAreNamedInTheDocumentTree() {
        ContractException missing = assertThrows(ContractException.class, () -> ModelContract.fromTree("t", Map.of()));
        assertEquals("version", missing.field());
        assertEquals("t: field 'version': missing", missing.getMessage());
        ContractException wrong = assertThrows(ContractException.class,
                () -> ModelContract.fromTree("t", Map.of("version", "1.0.0", "sample_rate", "48000")));
        assertEquals("t: field 'sample_rate': must be a positive integer, got \"48000\"", wrong.getMessage());
        ContractException tempo = assertThrows(ContractException.class, () -> ModelContract.fromTree("t",
                Map.of("version", "1.0.0", "sample_rate", 48000, "hop", 1024, "decimation", List.of(1),
                        "tempo_range_bpm", List.of(200, 60.5))));
        assertEquals("t: field 'tempo_range_bpm': must be [min, max] with 0 < min < max, got [200,60.5]", tempo.getMessage());
        assertTrue(assertThrows(ContractException.class, () -> ModelContract.fromTree("t", null)).getMessage()
                .contains("is not a JSON object"));
    }
}
