/**
 * The Swing Julia-set renderer: a multithreaded SIMD escape-time kernel (Vector API, an incubator module in Java 17), a windowed visualizer with HUD and dynamic
 * resolution, and a headless PNG renderer. Sees only api records; the host feeds it {@code VisualFrame}s.
 */
module fractalsync.renderer.swing {
    requires transitive fractalsync.api;
    requires transitive java.desktop;
    requires jdk.incubator.vector;

    exports dev.fractalsync.render;
}
