package dev.fractalsync.conformance;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderKind;

import java.util.List;
import java.util.Optional;

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

    /** Largest difference of a probability, phase or tempo between a block output and the per-step one. */
    static final double BLOCK_TOLERANCE = 1e-5;

    /** How the block call of a kind ({@code processBlock}) is fed and judged against {@code process}. */
    interface BlockRules<P extends Provider, O> {
        /**
         * A fresh feed of the first signal (the demo song) that can hand its inputs over in blocks of up to
         * {@code maxBlock} steps.
         */
        BlockFeed<P, O> blockFeed(int maxBlock);

        /** What {@code block-equals-stream} requires of this kind, tolerances included. */
        String blockExpectation();

        /**
         * The first field where {@code block} (from the block call) differs from {@code stream} (from
         * {@code process}) by more than the kind's tolerance, as {@code field: process gave X, processBlock gave Y};
         * null when they agree.
         */
        String blockDifference(O stream, O block);
    }

    /** The kind's block call; empty when its SPI has none. */
    Optional<BlockRules<P, O>> blockRules() {
        return Optional.empty();
    }

    /** Extra facts for a passing output check (for example the tempo range seen); empty when none. */
    String passSummary(String check) {
        return "";
    }
}
