package dev.fractalsync.app;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's first command for real: {@code bin/fractalsync run demo} opens the window on the demo song (under
 * Xvfb in CI). Two screenshots a second apart must show a non-trivial fractal image that changes with the music;
 * they are kept in {@code target/screenshots/} as build artifacts.
 */
class WindowRunIT {
    private static final Path SCRIPT = Path.of("..", "bin", "fractalsync").toAbsolutePath().normalize();

    /** Colour standard deviation over a sparse grid, and the number of distinct (quantized) colours. */
    private static double[] texture(BufferedImage img) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                int rgb = img.getRGB(x, y);
                int luma = ((rgb >> 16 & 0xff) * 3 + (rgb >> 8 & 0xff) * 6 + (rgb & 0xff)) / 10;
                sum += luma;
                sumSq += (double) luma * luma;
                n++;
                colours.add(rgb & 0xF0F0F0);
            }
        }
        double mean = sum / n;
        return new double[]{Math.sqrt(Math.max(0, sumSq / n - mean * mean)), colours.size()};
    }

    @Test
    void runDemoOpensALivingJuliaWindow() throws Exception {
        String display = System.getenv("DISPLAY");
        assumeTrue(display != null && !display.isBlank(), "no DISPLAY: window test skipped (CI runs under xvfb-run)");
        assumeTrue(!GraphicsEnvironment.isHeadless(), "headless JVM: window test skipped");
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Path log = shots.resolve("run-demo.log");
        Process p = new ProcessBuilder(SCRIPT.toString(), "run", "demo", "--seconds", "12", "--no-playback",
                "--width", "640", "--height", "360")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Robot robot = new Robot();
            Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
            BufferedImage first = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(500);
                BufferedImage shot = robot.createScreenCapture(screen);
                if (texture(shot)[1] > 30) {
                    first = shot;
                    break;
                }
            }
            assertTrue(first != null, "no fractal appeared on screen; log: " + Files.readString(log));
            Thread.sleep(1000);
            BufferedImage second = robot.createScreenCapture(screen);
            ImageIO.write(first, "png", shots.resolve("run-demo-1.png").toFile());
            ImageIO.write(second, "png", shots.resolve("run-demo-2.png").toFile());
            double[] t = texture(second);
            assertTrue(t[0] > 8 && t[1] > 30, "non-trivial image: luma sd " + t[0] + ", colours " + t[1]);
            int differing = 0;
            for (int y = 0; y < screen.height; y += 4) {
                for (int x = 0; x < screen.width; x += 4) {
                    if (first.getRGB(x, y) != second.getRGB(x, y)) {
                        differing++;
                    }
                }
            }
            assertTrue(differing > 500, "the picture moves with the music: " + differing + " sampled pixels changed");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run exits after --seconds");
            assertEquals(0, p.exitValue(), Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
    }
}
