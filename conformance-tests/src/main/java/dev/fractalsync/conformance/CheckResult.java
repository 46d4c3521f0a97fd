package dev.fractalsync.conformance;

import java.util.Objects;

/**
 * One row of a conformance report.
 *
 * @param check       stable check name (for example {@code hazard-probs}); tests and tools match on it
 * @param expectation what the contract requires, in words
 * @param observed    what the provider did (the first violation and how many there were, or a summary)
 * @param hint        how to fix a WARN or FAIL; empty on PASS
 * @param verdict     PASS, WARN or FAIL
 */
public record CheckResult(String check, String expectation, String observed, String hint, Verdict verdict) {
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(verdict, "verdict");
        hint = hint == null ? "" : hint;
    }

    public static CheckResult pass(String check, String expectation, String observed) {
        return new CheckResult(check, expectation, observed, "", Verdict.PASS);
    }

    public static CheckResult warn(String check, String expectation, String observed, String hint) {
        return new CheckResult(check, expectation, observed, hint, Verdict.WARN);
    }

    public static CheckResult fail(String check, String expectation, String observed, String hint) {
        return new CheckResult(check, expectation, observed, hint, Verdict.FAIL);
    }

    /** One line for logs and assertion messages: {@code check: observed (expected: ...; hint: ...)}. */
    public String message() {
        return check + ": " + observed + " (expected: " + expectation + (hint.isEmpty() ? "" : "; hint: " + hint) + ")";
    }
}
