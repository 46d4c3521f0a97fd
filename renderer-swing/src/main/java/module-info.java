/**
 * The Swing Julia-set renderer: a multithreaded SIMD escape-time kernel (Vector API, an incubator module in Java 17), a windowed visualizer with HUD and dynamic
 * resolution, and a headless PNG renderer. Sees only api records; the host feeds it {@code VisualFrame}s.
 */
module fractalsync.renderer.swing {
    requires transitive fractalsync.api;
    requires transitive java.desktop;
    // static: resolved only where the launcher adds it (--add-modules jdk.incubator.vector) for the commands that
    // render, so the JVM's "Using incubator modules" warning stays off every other command; FramePainter says so in
    // one line when it is missing
    requires static jdk.incubator.vector;
    // the kernel's warm-up counts its thread's allocations (com.sun.management) to know the JIT has compiled it
    requires jdk.management;
    // preset files: the shipped looks and a user's are JSON, read as a tree (no reflection)
    requires com.fasterxml.jackson.databind;

    exports dev.fractalsync.render;
}
