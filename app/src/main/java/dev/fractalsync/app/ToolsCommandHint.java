package dev.fractalsync.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Stands in the runtime launcher for a command of {@code bin/fractalsync-tools}: the runtime library directory does
 * not hold the training libraries, so the command answers with one line saying where it runs.
 */
@Command(description = "Runs from the tools launcher: bin/fractalsync-tools NAME (see bin/fractalsync-tools help NAME).",
        footerHeading = "%nExample:%n", footer = "  bin/fractalsync-tools help dataset")
public final class ToolsCommandHint implements Callable<Integer> {
    /** The subcommands of the tools launcher ({@code dev.fractalsync.tools.cli.ToolsMain}); a tools test checks that the two lists agree. */
    public static final List<String> NAMES = List.of("dataset", "train-anticipator", "train-controller", "convert-beatnet",
            "midi-corpus", "billboard-corpus", "conditions", "eval-structure");

    private final String name;

    /** Whatever the tools command would take: the answer is the same. */
    @Unmatched
    List<String> arguments;

    ToolsCommandHint(String name) {
        this.name = name;
    }

    @Override
    public Integer call() {
        System.err.println("fractalsync: '" + name + "' is a tools command: run bin/fractalsync-tools " + name
                + " (the runtime launcher does not ship the training libraries)");
        return 2;
    }
}
