package dev.fractalsync.conformance;

/** Outcome of one conformance check. */
public enum Verdict {
    /** The provider meets the expectation. */
    PASS,
    /** Allowed but worth fixing (for example latency above a quarter of the hop budget). */
    WARN,
    /** The provider breaks the contract; the host would refuse it or misbehave with it. */
    FAIL
}
