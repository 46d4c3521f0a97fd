package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.clock.discovery.UnidentifiedProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "providers", description = "List every provider found on the module path and in the plugins directory, "
        + "without running plugin code: kind, id, name, contract version, origin.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync providers", "  fractalsync providers --plugins ~/fractalsync-plugins"})
final class ProvidersCommand implements Callable<Integer> {
    @Mixin
    PluginsOption plugins;

    @Override
    public Integer call() {
        List<Path> searched = plugins.searchPath();
        ProviderRegistry registry = ProviderRegistry.discoverAll(searched, ModelContract.SUPPORTED_MAJOR);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"KIND", "ID", "NAME", "CONTRACT", "ORIGIN"});
        for (DiscoveredProvider p : registry.all()) {
            rows.add(new String[]{p.kind().flag(), p.id(), p.name(), "v" + p.contractMajor(), p.origin()});
        }
        for (UnidentifiedProvider u : registry.unidentified()) {
            rows.add(new String[]{u.kind().flag(), "?", u.className(), "?", u.origin()});
        }
        for (String line : table(rows)) {
            System.out.println(line);
        }
        if (!registry.unidentified().isEmpty()) {
            System.out.println("note: '?' = id not known without running its code (its id() is not a constant); such a "
                    + "plugin is constructed only when a requested id matches no other provider");
        }
        for (String problem : registry.problems()) {
            System.out.println("skipped: " + problem);
        }
        System.out.println("plugin directories searched" + (plugins.dir == null ? " (--plugins DIR replaces them)" : "")
                + ":");
        for (Path dir : searched) {
            System.out.println("  " + dir + (Files.isDirectory(dir) ? "" : " (does not exist)"));
        }
        return 0;
    }

    /** Rows as lines whose columns are as wide as their widest cell (the last column is not padded). */
    static List<String> table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                sb.append(row[c]);
                if (c < columns - 1) {
                    sb.append(" ".repeat(width[c] - row[c].length() + 2));
                }
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }
}
