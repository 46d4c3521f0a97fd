package dev.fractalsync.app;

import dev.fractalsync.render.Preset;
import dev.fractalsync.render.PresetFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "presets", description = "List the looks --preset and the window's keys 1-9 choose among (the shipped "
        + "four, then a preset folder's), or write the shipped four as preset files to start your own from.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync presets --preset-dir ~/looks",
                "  fractalsync presets --write ~/looks      (then edit ~/looks/neon.json, rename it and run with "
                        + "--preset-dir ~/looks)"})
final class PresetsCommand implements Callable<Integer> {
    @Option(names = "--preset-dir", paramLabel = "DIR", description = "A folder of preset JSON files to list after the "
            + "shipped looks, as run --preset-dir adds them.")
    Path presetDir;

    @Option(names = "--write", paramLabel = "DIR", description = "Write the shipped looks as NAME.json into DIR "
            + "(created if missing; existing files are not overwritten).")
    Path write;

    @Override
    public Integer call() throws IOException {
        if (write != null) {
            return writeShipped();
        }
        // the folder's looks join the list as run --preset-dir adds them, so each key listed is the one that chooses it
        List<Preset> looks = new ArrayList<>(Preset.all());
        java.util.Map<Preset, String> from = new java.util.HashMap<>();
        List<String> skipped = new ArrayList<>();
        if (presetDir != null) {
            for (LookOptions.FolderLook f : LookOptions.folderLooks(presetDir, skipped::add)) {
                boolean replaces = Preset.all().stream()
                        .anyMatch(shipped -> shipped.name().equalsIgnoreCase(f.look().name()));
                LookOptions.add(looks, f.look());
                from.put(f.look(), f.file() + (replaces ? " (replaces the shipped one)" : ""));
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"KEY", "NAME", "FROM"});
        for (int i = 0; i < looks.size(); i++) {
            Preset look = looks.get(i);
            rows.add(new String[]{i < 9 ? String.valueOf(i + 1) : "P", look.name(), from.getOrDefault(look, "shipped")});
        }
        for (String line : ProvidersCommand.table(rows)) {
            System.out.println(line);
        }
        for (String problem : skipped) {
            System.out.println("skipped: " + problem);
        }
        return 0;
    }

    private int writeShipped() throws IOException {
        List<String> existing = new ArrayList<>();
        for (Preset look : Preset.all()) {
            if (Files.exists(write.resolve(look.name() + ".json"))) {
                existing.add(look.name() + ".json");
            }
        }
        if (!existing.isEmpty()) {
            throw new UsageException("--write " + write + ": " + String.join(", ", existing) + " already there; not "
                    + "overwritten (remove them or choose another folder)");
        }
        OutputFile.createDirectories(write, "--write");
        List<String> written = new ArrayList<>();
        for (Preset look : Preset.all()) {
            String text = PresetFile.write(look);
            OutputFile.write(write.resolve(look.name() + ".json"), "--write",
                    o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            written.add(look.name() + ".json");
        }
        System.out.println("wrote " + String.join(", ", written) + " to " + write);
        return 0;
    }
}
