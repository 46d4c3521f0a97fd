package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.clock.discovery.UnidentifiedProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
        ProviderRegistry registry = ProviderRegistry.discover(plugins.checked(), ModelContract.SUPPORTED_MAJOR);
        System.out.printf("%-11s %-14s %-44s %-9s %s%n", "KIND", "ID", "NAME", "CONTRACT", "ORIGIN");
        for (DiscoveredProvider p : registry.all()) {
            System.out.printf("%-11s %-14s %-44s %-9s %s%n", p.kind().flag(), p.id(), p.name(), "v" + p.contractMajor(), p.origin());
        }
        for (UnidentifiedProvider u : registry.unidentified()) {
            System.out.printf("%-11s %-14s %-44s %-9s %s%n", u.kind().flag(), "?", u.className(), "?", u.origin());
        }
        if (!registry.unidentified().isEmpty()) {
            System.out.println("note: '?' = id not known without running its code (its id() is not a constant); such a "
                    + "plugin is constructed only when a requested id matches no other provider");
        }
        for (String problem : registry.problems()) {
            System.out.println("skipped: " + problem);
        }
        return 0;
    }
}
