package dev.fractalsync.conformance;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderKind;

import java.util.List;

/** What the suite feeds one kind of provider and how it judges each output. One instance per suite run. */
abstract class KindRules<P extends Provider, O> {
    /** An output check: a stable name, the expectation in words, a fix hint and whether a violation fails or warns. */
    record OutputCheck(String name, String expectation, String hint, Verdict onViolation) {
    }

    abstract ProviderKind kind();

    abstract Class<P> type();

    /** Fresh feeds, the first of which (the demo song) is also used for the determinism and reset checks. */
    abstract List<Feed<P, O>> feeds();

    abstract List<OutputCheck> outputChecks();

    /**
     * Judges one output for the input at stream time {@code tSec}; {@code previous} is the last non-null output of
     * the same feed (null at its start).
     */
    abstract void inspect(O out, O previous, double tSec, String where, Violations v);

    /**
     * The output check responsible for a field the api records refused (the record constructors validate ranges,
     * so a provider that computes a bad value fails inside {@code process}); null when none is.
     */
    abstract String checkForField(String field);

    /**
     * A violation of {@code check} that only shows over the whole run (a rate, not a single output), judged after
     * the last output; null when there is none.
     */
    String finish(String check) {
        return null;
    }

    /** Extra facts for a passing output check (for example the tempo range seen); empty when none. */
    String passSummary(String check) {
        return "";
    }
}
