package dev.fractalsync.render.bench;

import dev.fractalsync.render.JuliaKernel;
import dev.fractalsync.render.JuliaPalette;

import java.time.Duration;
import java.util.Locale;

/**
 * CPU cost of one 960x540 frame on one thread, measured as process CPU time (after warm-up, so JIT threads are
 * quiet) so that the figure holds on a busy, shared machine where wall-clock numbers mostly measure the scheduler. Prints the frame rate the kernel alone
 * could reach on N cores (perfect band scaling) and the ratio to the 60 FPS target.
 * Run: {@code java -cp <test classpath> dev.fractalsync.render.bench.KernelCpuBench [cores]}.
 */
public final class KernelCpuBench {
    private KernelCpuBench() {
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    public static void main(String[] args) {
        int cores = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        JuliaPalette palette = new JuliaPalette();
        palette.update(0.6, 0.85, 0.7, 0.0);
        int[] frame = new int[960 * 540];
        double[][] cs = {{-0.8, 0.156}, {-0.122, 0.745}, {-0.75, 0.3}};
        try (JuliaKernel kernel = new JuliaKernel(1)) {
            for (double[] c : cs) {
                for (int i = 0; i < 15; i++) {
                    kernel.render(frame, 960, 540, c[0], c[1], 1.45, 0.3, 200, palette);
                }
                int n = 30;
                long t0 = cpuNanos();
                for (int i = 0; i < n; i++) {
                    kernel.render(frame, 960, 540, c[0], c[1], 1.45, 0.3, 200, palette);
                }
                double ms = (cpuNanos() - t0) / 1e6 / n;
                double fps = 1000.0 * cores / ms;
                System.out.printf(Locale.ROOT, "c=%.3f%+.3fi: %.2f ms CPU per 960x540 frame (200 iterations); "
                        + "kernel-bound %.0f FPS on %d cores = %.2fx the 60 FPS target%n", c[0], c[1], ms, fps, cores,
                        fps / 60.0);
            }
        }
    }
}
