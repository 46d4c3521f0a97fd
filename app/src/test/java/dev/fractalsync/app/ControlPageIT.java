package dev.fractalsync.app;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The control page in a real browser: {@code run demo --control} opens the window (under Xvfb in CI) and serves the
 * page; headless Chromium at a phone's viewport loads it, sees the beat counter advance with the music, and drives
 * the show: a preset chosen in the page shows up in the rendered frames (the page's preview is a copy of the window's
 * frame), blackout turns them black and back. The phone-sized page is kept as {@code target/screenshots/control-page.png}.
 */
class ControlPageIT {
    private static final Path SCRIPT = Path.of("..", "bin", "fractalsync").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern URL = Pattern.compile("control page: (http://\\S+)");

    /** Mean HSB saturation and brightness of the page's preview of the rendered frame. */
    private double[] preview(String base) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + "preview.jpg").toURL().openConnection();
            byte[] body = c.getInputStream().readAllBytes();
            if (c.getResponseCode() == 200) {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(body));
                double sat = 0;
                double bright = 0;
                int n = 0;
                for (int y = 0; y < img.getHeight(); y += 2) {
                    for (int x = 0; x < img.getWidth(); x += 2) {
                        int rgb = img.getRGB(x, y);
                        float[] hsb = Color.RGBtoHSB(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, null);
                        sat += hsb[1];
                        bright += hsb[2];
                        n++;
                    }
                }
                return new double[]{sat / n, bright / n};
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no preview of the rendered frames");
    }

    /** The mean over a few previews, half a second apart (the picture moves with the music). */
    private double[] previews(String base) throws Exception {
        double[] sum = new double[2];
        for (int i = 0; i < 4; i++) {
            double[] p = preview(base);
            sum[0] += p[0] / 4;
            sum[1] += p[1] / 4;
            Thread.sleep(550);
        }
        return sum;
    }

    @Test
    void aPhoneDrivesTheShowFromThePage() throws Exception {
        String display = System.getenv("DISPLAY");
        assumeTrue(display != null && !display.isBlank(), "no DISPLAY: control page test skipped (CI runs under xvfb-run)");
        assumeTrue(!GraphicsEnvironment.isHeadless(), "headless JVM: control page test skipped");
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver; .ci/run does)");
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Path log = shots.resolve("control-page-run.log");
        Process p = new ProcessBuilder(SCRIPT.toString(), "run", "demo", "--seconds", "70", "--no-playback",
                "--width", "480", "--height", "270", "--preset", "neon", "--control", "127.0.0.1:0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WebDriver browser = null;
        try {
            String url = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (url == null && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(200);
                Matcher m = URL.matcher(Files.readString(log));
                url = m.find() ? m.group(1) : null;
            }
            assertNotNull(url, "the run prints the page's URL; log: " + Files.readString(log));

            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=390,844",
                    "--user-data-dir=" + Files.createTempDirectory("fractalsync-chromium"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            browser = new ChromeDriver(service, options);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(url);
            WebDriver b = browser;
            wait.until(d -> "live".equals(d.findElement(By.id("conn")).getText()));

            long firstBeat = Long.parseLong(b.findElement(By.id("beat")).getText());
            wait.until(d -> Long.parseLong(d.findElement(By.id("beat")).getText()) >= firstBeat + 4);
            assertTrue(Double.parseDouble(b.findElement(By.id("bpm")).getText()) > 60, "a tempo is shown");

            WebElement neon = wait.until(d -> d.findElement(By.cssSelector("[data-preset=neon]")));
            assertTrue(neon.getAttribute("class").contains("active"), "the page shows the look being painted");
            double[] before = previews(url.replaceAll("\\?.*", ""));
            b.findElement(By.cssSelector("[data-preset=ice]")).click();
            wait.until(d -> d.findElement(By.cssSelector("[data-preset=ice]")).getAttribute("class").contains("active"));
            Thread.sleep(1200); // a preview taken after the change
            double[] after = previews(url.replaceAll("\\?.*", ""));
            assertTrue(after[0] < 0.75 * before[0], String.format(
                    "ice is paler than neon in the rendered frames: saturation %.3f -> %.3f", before[0], after[0]));

            b.findElement(By.id("blackout")).click();
            wait.until(d -> d.findElement(By.id("blackout")).getAttribute("class").contains("active"));
            Thread.sleep(1200);
            double[] dark = preview(url.replaceAll("\\?.*", ""));
            assertTrue(dark[1] < 0.02, "blackout: brightness " + dark[1]);
            b.findElement(By.id("blackout")).click();
            wait.until(d -> !d.findElement(By.id("blackout")).getAttribute("class").contains("active"));
            Thread.sleep(1200);
            assertTrue(preview(url.replaceAll("\\?.*", ""))[1] > 0.1, "the picture is back after the blackout");
            // tap tempo: six taps 0.6 s apart; the tempo shown is the taps' (the page times them itself)
            double tracked = Double.parseDouble(b.findElement(By.id("bpm")).getText());
            WebElement tap = b.findElement(By.id("tap"));
            long first = 0;
            long last = 0;
            for (int i = 0; i < 6; i++) {
                long now = System.nanoTime();
                if (i == 0) {
                    first = now;
                }
                last = now;
                tap.click();
                Thread.sleep(Math.max(0, 600 - (System.nanoTime() - now) / 1_000_000));
            }
            double tapped = 60.0 / ((last - first) / 1e9 / 5);
            wait.until(d -> d.findElement(By.id("levelNow")).getText().equals("by hand"));
            Thread.sleep(300);
            double shown = Double.parseDouble(b.findElement(By.id("bpm")).getText());
            assertTrue(Math.abs(shown - tapped) < 0.06 * tapped,
                    String.format("tapped %.1f BPM, the page shows %.1f (tracked %.1f)", tapped, shown, tracked));
            long beatsBefore = Long.parseLong(b.findElement(By.id("beat")).getText());
            Thread.sleep(3000);
            long beatsDuring = Long.parseLong(b.findElement(By.id("beat")).getText()) - beatsBefore;
            assertTrue(Math.abs(beatsDuring - 3 * shown / 60) <= 1.5,
                    beatsDuring + " beats in 3 s at " + shown + " BPM: the beat grid follows the taps");
            b.findElement(By.id("release")).click();
            wait.until(d -> d.findElement(By.id("levelNow")).getText().isEmpty());
            Thread.sleep(300);
            assertEquals(tracked, Double.parseDouble(b.findElement(By.id("bpm")).getText()), 0.05 * tracked,
                    "released: the tracker's tempo again");

            // the manual cue moves the held section on at once
            String section = b.findElement(By.id("section")).getText();
            b.findElement(By.id("cue")).click();
            wait.until(d -> !d.findElement(By.id("section")).getText().equals(section));
            assertEquals("", b.findElement(By.id("error")).getText(), "no command was refused");

            ((ChromeDriver) browser).executeScript("window.scrollTo(0, 0)");
            Thread.sleep(1200); // a fresh preview in view
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), shots.resolve("control-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            if (browser != null) {
                browser.quit();
            }
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
