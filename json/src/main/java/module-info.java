/**
 * FractalSync's JSON: the wire form of the state records and events (the clustered bus, {@code analyze --out}),
 * JSON Lines output, and the model contract file reader (with the bundled v1 contract). It exists so that
 * {@code fractalsync.api} depends on the JDK alone: the engine, the bus, the tools and the tests read and write JSON
 * through this module, and a provider never needs it.
 */
module fractalsync.json {
    requires transitive fractalsync.api;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.fractalsync.json;
}
