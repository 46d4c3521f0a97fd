package dev.fractalsync.app;

import dev.fractalsync.audio.AudioFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command-line traps of issue 35, each as the exact mistake a new user made, the one line it must end in (plus
 * the pointer to --help for a usage error), the exit status (2 usage, 1 failure) and the files left behind.
 */
class CommandLineTrapsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** Five minutes of a 44.1 kHz stereo-free mono WAV: what "a 5-minute song" costs to decode and analyze. */
    static Path fiveMinutes;

    @BeforeAll
    static void song() throws IOException {
        int rate = 44_100;
        float[] samples = new float[rate * 300];
        for (int i = 0; i < samples.length; i++) { // a click every half second over a quiet tone
            samples[i] = (float) (0.1 * Math.sin(2 * Math.PI * 220 * i / rate) + (i % (rate / 2) < 200 ? 0.5 : 0));
        }
        fiveMinutes = shared.resolve("five-minutes.wav");
        AudioFiles.writeWav16(fiveMinutes, samples, rate);
    }

    private List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    // --- a missing file means the demo ---

    @Test
    void aForgottenFileIsNotTheDemo() throws IOException {
        Path beats = tmp.resolve("forgot.txt");
        CliRun r = CliRun.of("analyze", "--beats", beats.toString());
        r.assertUsageError("fractalsync analyze", "analyze needs FILE: an audio file, '-' for standard input, or 'demo' for the bundled demo song");
        assertEquals(List.of(), filesIn(tmp), "nothing written");

        CliRun run = CliRun.of("run", "--headless", "--out", tmp.resolve("frames").toString());
        run.assertUsageError("fractalsync run", "run needs FILE: an audio file, '-' for standard input, or 'demo' for the bundled demo song");
        CliRun node = CliRun.of("analyze-node");
        node.assertUsageError("fractalsync analyze-node",
                "analyze-node needs FILE: an audio file, '-' for standard input, or 'demo' for the bundled demo song");
        assertEquals(List.of(), filesIn(tmp), "nothing written");
    }

    @Test
    void aTextFileNamedFlacIsNamedAsNotAFlacFile() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("ffprobe"), "ffprobe not installed");
        Path text = Files.writeString(tmp.resolve("notes.flac"), "hello, not audio\n");
        CliRun r = CliRun.of("analyze", text.toString(), "--beats", tmp.resolve("beats.txt").toString());
        r.assertFailure(text + ": not a valid FLAC file (ffprobe finds no decodable audio in it)");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aMistypedPathIsAFailureNamingIt() throws IOException {
        Path missing = tmp.resolve("sogn.wav");
        CliRun r = CliRun.of("analyze", missing.toString(), "--beats", tmp.resolve("beats.txt").toString());
        r.assertFailure(missing + ": no such file; give an existing audio file, or 'demo' for the bundled demo song");
        assertEquals(List.of(), filesIn(tmp));
    }

    // --- --beat vs --beats ---

    @Test
    void beatForBeatsIsNamed() throws IOException {
        Path beats = tmp.resolve("beats.txt");
        CliRun r = CliRun.of("analyze", fiveMinutes.toString(), "--beat", beats.toString());
        r.assertUsageError("fractalsync analyze", "analyze writes nothing without --out, --beats, --downbeats, "
                + "--sections, --summary or --plot; --beat " + beats + " names a beat provider: to write beat times to " + beats
                + ", use --beats " + beats);
        CliRun withOut = CliRun.of("analyze", fiveMinutes.toString(), "--beat", beats.toString(), "--out",
                tmp.resolve("s.jsonl").toString());
        String line = withOut.assertUsageErrorStartingWith("fractalsync analyze", "unknown beat provider '" + beats
                + "'; available: ");
        assertTrue(line.endsWith("; --beat takes a provider id: to write " + beats + ", analyze takes --beats " + beats),
                line);
        assertEquals(List.of(), filesIn(tmp));
    }

    // --- output paths checked too late ---

    @Test
    void anUnwritableOutputFailsBeforeTheAnalysis() throws IOException {
        Path ro = Unwritable.directory(tmp);
        Path states = tmp.resolve("states.jsonl");
        long start = System.nanoTime();
        CliRun r = CliRun.of("analyze", fiveMinutes.toString(), "--out", states.toString(), "--beats",
                ro.resolve("beats.txt").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        r.assertFailure("--beats " + ro.resolve("beats.txt") + ": cannot write in " + ro
                + " (permission denied); choose another directory or make that one writable");
        assertTrue(seconds < 2, "reported after " + seconds + " s: the song was analyzed first");
        assertFalse(Files.exists(states), "no states either");
        assertFalse(Files.exists(ro.resolve("beats.txt")));
    }

    @Test
    void everyAnalyzeOutputIsChecked() {
        Path ro = Unwritable.directory(tmp);
        for (String option : List.of("--out", "--beats", "--downbeats", "--sections", "--plot")) {
            Path target = ro.resolve("x" + option.substring(2));
            CliRun r = CliRun.of("analyze", fiveMinutes.toString(), option, target.toString(), "--quiet");
            r.assertFailure(option + " " + target + ": cannot write in " + ro
                    + " (permission denied); choose another directory or make that one writable");
        }
    }

    // --- an unusable message for --video into a read-only directory ---

    @Test
    void videoIntoAnUnwritableDirectoryNamesTheOptionAndTheFix() {
        Path ro = Unwritable.directory(tmp);
        Path video = ro.resolve("x.mp4");
        long start = System.nanoTime();
        CliRun r = CliRun.of("run", fiveMinutes.toString(), "--video", video.toString(), "--quiet");
        double seconds = (System.nanoTime() - start) / 1e9;
        r.assertFailure("--video " + video + ": cannot write in " + ro
                + " (permission denied); choose another directory or make that one writable");
        assertTrue(seconds < 2, "reported after " + seconds + " s");
        CliRun frames = CliRun.of("run", "demo", "--headless", "--frames", "2", "--out", ro.resolve("frames").toString());
        assertEquals(1, frames.code(), frames.err());
        assertTrue(frames.err().strip().startsWith("fractalsync: --out"), frames.err());
        assertEquals(1, frames.err().strip().lines().count(), frames.err());
    }

    // --- a false line on every --video run ---

    @Test
    void videoDoesNotClaimToRenderPngFrames() throws Exception {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"));
        // a stand-in for ffmpeg: reads the frames, writes the last argument
        Path ffmpeg = tmp.resolve("fake-ffmpeg");
        Files.writeString(ffmpeg, "#!/bin/sh\ncat > /dev/null\nfor a; do last=$a; done\necho video > \"$last\"\n");
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path video = tmp.resolve("v.mp4");
        CliRun r = CliRun.of("run", "demo", "--video", video.toString(), "--seconds", "0.5", "--fps", "8", "--width",
                "32", "--height", "18", "--quiet", "--ffmpeg", ffmpeg.toString(), "--beat=oscillator");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("no display available"), r.err());
        assertFalse(r.err().contains("PNG"), r.err());
        assertTrue(Files.exists(video));
        assertEquals(List.of(video, ffmpeg).stream().sorted().toList(), filesIn(tmp).stream().sorted().toList(),
                "no temporary audio or log left beside the video");
    }

    // --- unreadable outputs ---

    @Test
    void outputsFollowTheUmask() throws Exception {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"), "POSIX permissions");
        int umask = umask();
        Path out = tmp.resolve("o");
        CliRun r = CliRun.of("analyze", "demo", "--beat=oscillator", "--quiet", "--out", out.resolve("s.jsonl").toString(),
                "--beats", out.resolve("b.txt").toString(), "--downbeats", out.resolve("d.txt").toString(), "--sections",
                out.resolve("s.lab").toString(), "--plot", out.resolve("p.png").toString());
        assertEquals(0, r.code(), r.err());
        String expected = PosixFilePermissions.toString(fromMode(0666 & ~umask));
        for (String name : List.of("s.jsonl", "b.txt", "d.txt", "s.lab", "p.png")) {
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(name))), name);
        }
        if (umask == 0022) {
            assertEquals("rw-r--r--", expected);
        }
        assertEquals(5, filesIn(tmp).size(), "no temporary or probe file left: " + filesIn(tmp));
        // a file given other permissions on purpose keeps them when it is replaced, as editors do
        Files.setPosixFilePermissions(out.resolve("b.txt"), PosixFilePermissions.fromString("rw-rw-r--"));
        CliRun again = CliRun.of("analyze", "demo", "--beat=oscillator", "--quiet", "--beats", out.resolve("b.txt").toString());
        assertEquals(0, again.code(), again.err());
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("b.txt"))));
    }

    /** This process's umask, as a shell it starts reports it (children inherit it). */
    private static int umask() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "umask").start();
        String s = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor());
        return Integer.parseInt(s, 8);
    }

    private static Set<PosixFilePermission> fromMode(int mode) {
        String rwx = "rwxrwxrwx";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(sb.toString());
    }

    // --- usage dumps ---

    @Test
    void aBadOptionValueIsOneLineAndAPointerToHelp() {
        CliRun r = CliRun.of("run", "demo", "--seconds", "abc");
        r.assertUsageError("fractalsync run", "Invalid value for option '--seconds': 'abc' is not a double");
        assertEquals("", r.out());
        CliRun typo = CliRun.of("analyze", "demo", "--beets", "b.txt");
        String line = typo.assertUsageErrorStartingWith("fractalsync analyze", "Unknown options: '--beets', 'b.txt'");
        assertTrue(line.contains("did you mean --beats"), line);
    }

    @Test
    void noArgumentsIsAUsageError() {
        CliRun r = CliRun.of();
        assertEquals(2, r.code());
        assertEquals("", r.out(), "the usage goes to stderr, as for every other usage error");
        assertTrue(r.err().startsWith("Usage: fractalsync"), r.err());
    }

    // --- silent commands ---

    @Test
    void evalBeatsShowsProgressInAudioTime() {
        CliRun r = CliRun.of("eval-beats", "demo", "--beat=oscillator", "--no-aubio");
        assertEquals(0, r.code(), r.err());
        List<String> progress = r.err().lines().filter(l -> l.startsWith("eval-beats demo ")).toList();
        assertEquals(ProgressBar.PLAIN_LINES, progress.size(), r.err());
        assertTrue(progress.get(0).matches("eval-beats demo  25% \\d+:\\d\\d / \\d+:\\d\\d of audio, .*x real time"),
                progress.get(0));
    }

    // --- plugins/ relative to the current directory ---

    @Test
    void thePluginSearchPathIsTheInstallationThenTheUserConfigDirectory() {
        assertEquals(List.of(Path.of("/opt/fs/plugins"), Path.of("/home/u/.config/fractalsync/plugins")),
                PluginsDirectory.defaults("/opt/fs", null, "/home/u"));
        assertEquals(List.of(Path.of("/opt/fs/plugins"), Path.of("/xdg/fractalsync/plugins")),
                PluginsDirectory.defaults("/opt/fs", "/xdg", "/home/u"));
        // a relative XDG_CONFIG_HOME is invalid per the specification and ignored
        assertEquals(List.of(Path.of("/home/u/.config/fractalsync/plugins")),
                PluginsDirectory.defaults(null, "rel", "/home/u"));
        CliRun r = CliRun.of("providers");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("plugin directories searched"), r.out());
        assertFalse(r.out().lines().anyMatch(l -> l.equals("  plugins") || l.startsWith("  plugins ")),
                "never the current directory's plugins/: " + r.out());
    }

    // --- providers table not aligned ---

    @Test
    void theProvidersTableKeepsItsColumnsWithLongNames() {
        List<String> lines = ProvidersCommand.table(List.of(new String[]{"KIND", "ID", "NAME", "CONTRACT", "ORIGIN"},
                new String[]{"beat", "a-very-long-provider-id-indeed", "short", "v1", "module-path"},
                new String[]{"structure", "x", "A name much longer than forty-four characters, as plugins have", "v1",
                        "/plugins/x.jar"}));
        int origin = lines.get(0).indexOf("ORIGIN");
        assertEquals(origin, lines.get(1).indexOf("module-path"), String.join("\n", lines));
        assertEquals(origin, lines.get(2).indexOf("/plugins/x.jar"), String.join("\n", lines));
        assertEquals(lines.get(0).indexOf("NAME"), lines.get(1).indexOf("short"), String.join("\n", lines));
    }
}
