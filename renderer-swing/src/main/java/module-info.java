/**
 * The Swing Julia-set renderer: a multithreaded escape-time kernel, a windowed visualizer with HUD and dynamic
 * resolution, and a headless PNG renderer. Sees only api records; the host feeds it {@code VisualFrame}s.
 */
module fractalsync.renderer.swing {
    requires transitive fractalsync.api;
    requires transitive java.desktop;

    exports dev.fractalsync.render;
}
