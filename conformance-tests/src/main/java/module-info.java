/** The provider conformance suite: reusable by third parties against their own provider JARs. */
module fractalsync.conformance {
    requires fractalsync.api;
    requires fractalsync.clock;
}
