/**
 * Scoring against annotations and test signals with known truth: what the eval and bench commands and the tests use
 * to measure the engine. No provider depends on it.
 */
module fractalsync.evaluation {
    requires fractalsync.api;

    exports dev.fractalsync.evaluation;
}
