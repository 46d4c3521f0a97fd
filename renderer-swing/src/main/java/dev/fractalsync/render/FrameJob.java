package dev.fractalsync.render;

/**
 * The frame being rendered, as the kernel's threads read it: the pixel grid in the complex plane, c, the budget, the
 * attracting cycle's basin disk and where the results go. One per kernel, set by {@link JuliaKernel} before it hands
 * the frame to its {@link WorkerPool}, whose hand-off orders these writes before the workers' reads.
 */
final class FrameJob {
    /** Colours, or escape counts when {@link #writeCounts}. */
    int[] out;
    boolean writeCounts;
    /**
     * Shade float-lane bands with the scalar {@link JuliaShader#shade},
     * the reference the lane shading is tested against.
     */
    boolean scalarShading;
    boolean useFloat;
    int width;
    int height;
    /** Rows of the top half, the middle row of an odd height included; the bottom half is their point mirror. */
    int halfRows;
    double cRe;
    double cIm;
    /** Pixel (0, 0), and the steps to the next column and the next row. */
    double originRe;
    double originIm;
    double colRe;
    double colIm;
    double rowRe;
    double rowIm;
    /** Pixel spacing. */
    double pixel;
    double inversePixel;
    int maxIter;
    JuliaPalette palette;
    /**
     * The attracting cycle's basin disk (see AttractingCycle) for float lanes: centre, and radius² slightly inside
     * the proven radius for float rounding, -1 (never inside) without an attracting cycle.
     */
    float basinRe;
    float basinIm;
    float basinR2 = -1f;
    private double cycleCRe = Double.NaN;
    private double cycleCIm = Double.NaN;

    /**
     * Lays the pixel grid over the view: pixel (x, y) sits at ((x - (w-1)/2) * pixel, ((h-1)/2 - y) * pixel) before
     * rotation, so the grid is exactly point-symmetric. Finds c's attracting cycle when c changed.
     */
    void aim(int width, int height, double cRe, double cIm, double halfHeight, double rotation, int maxIter) {
        double pixel = 2.0 * halfHeight / height;
        double cos = Math.cos(rotation);
        double sin = Math.sin(rotation);
        double ux = -(width - 1) * 0.5 * pixel;
        double uy = (height - 1) * 0.5 * pixel;
        this.width = width;
        this.height = height;
        this.halfRows = (height + 1) / 2;
        this.cRe = cRe;
        this.cIm = cIm;
        this.originRe = ux * cos - uy * sin;
        this.originIm = ux * sin + uy * cos;
        this.colRe = pixel * cos;
        this.colIm = pixel * sin;
        this.rowRe = pixel * sin;
        this.rowIm = -pixel * cos;
        this.pixel = pixel;
        this.inversePixel = 1.0 / pixel;
        this.maxIter = maxIter;
        if (cRe != cycleCRe || cIm != cycleCIm) {
            AttractingCycle cycle = AttractingCycle.of(cRe, cIm);
            basinRe = (float) cycle.re();
            basinIm = (float) cycle.im();
            basinR2 = cycle.radius() > 0 ? (float) (0.81 * cycle.radius() * cycle.radius()) : -1f;
            cycleCRe = cRe;
            cycleCIm = cIm;
        }
    }
}
