package dev.fractalsync.conformance.sampleplugins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Source of a plugin JAR built at test time.
 *
 * @param jarName  file name of the JAR
 * @param module   JPMS module name; null builds a plain class-path JAR without module-info
 * @param sources  Java sources by path relative to the source root ({@code sample/good/EnergyBeat.java})
 * @param provides SPI interface FQCN to implementation FQCNs: written both as {@code provides} clauses in
 *                 module-info and as META-INF/services files
 */
public record PluginSpec(String jarName, String module, Map<String, String> sources, Map<String, List<String>> provides) {
    public PluginSpec {
        sources = new LinkedHashMap<>(sources);
        provides = new LinkedHashMap<>(provides);
    }

    /** The generated module-info.java, or null for a class-path JAR. */
    public String moduleInfo() {
        if (module == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("module ").append(module).append(" {\n    requires fractalsync.api;\n");
        provides.forEach((spi, impls) -> b.append("    provides ").append(spi).append(" with ")
                .append(String.join(", ", impls)).append(";\n"));
        return b.append("}\n").toString();
    }
}
