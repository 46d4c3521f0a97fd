package dev.fractalsync.app;

import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", description = "Write the generated demo song (WAV) and its ground truth (beats, downbeats, sections) as JSON.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync demo --out out/demo",
                "  fractalsync demo --seed 7 --out out/songs"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "out/demo")
    Path out;

    @Option(names = "--seed", description = "Generate a random song from this seed instead of the fixed demo.")
    Long seed;

    @Override
    public Integer call() throws Exception {
        OutputFile.refuseStdout(out, "--out", "the directory of the WAV and its truth JSON");
        SongSpec spec = seed == null ? SongSpec.demo() : SongSpec.random(seed);
        DemoSong song = DemoSong.render(spec);
        String base = seed == null ? "demo" : "song-" + seed;
        Path wav = song.write(out, base);
        System.out.printf("%s (%.1f s, %.1f BPM, %d beats, %d sections) + %s.truth.json%n", wav, song.truth().duration(),
                spec.bpm(), song.truth().beats().length, song.truth().sections().size(), base);
        return 0;
    }
}
