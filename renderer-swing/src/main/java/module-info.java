/**
 * The Swing Julia-set renderer: a multithreaded SIMD escape-time kernel (Vector API, an incubator module in Java 17), a windowed visualizer with HUD and dynamic
 * resolution, and a headless PNG renderer. Sees only api records; the host feeds it {@code VisualFrame}s.
 */
module fractalsync.renderer.swing {
    requires transitive fractalsync.api;
    requires transitive java.desktop;
    requires jdk.incubator.vector;
    // the kernel's warm-up counts its thread's allocations (com.sun.management) to know the JIT has compiled it
    requires jdk.management;

    exports dev.fractalsync.render;
}
