package dev.fractalsync.tools.cli;

import dev.fractalsync.app.BuildVersion;
import dev.fractalsync.app.LoggingOptions;
import dev.fractalsync.app.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code bin/fractalsync-tools}: regenerating the shipped models and the evaluation corpora. These
 * commands need the {@code fractalsync.tools} module (ONNX export, protobuf, pickle), which the launcher adds from
 * its own library directory; the runtime launcher ({@link Main}) does not resolve it.
 */
@Command(name = "fractalsync-tools", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        scope = ScopeType.INHERIT, sortOptions = false,
        description = "FractalSync model tooling: datasets, training, weight conversion, evaluation corpora.",
        subcommands = {CommandLine.HelpCommand.class, DatasetCommand.class, TrainAnticipatorCommand.class,
                TrainControllerCommand.class, ConvertBeatNetCommand.class, MidiCorpusCommand.class, BillboardCorpusCommand.class,
                ConditionsCommand.class, EvalStructureCommand.class,
                dev.fractalsync.app.LibraryMemberCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync-tools dataset --synthetic 40 --out data/anticipator",
                "  fractalsync-tools train-anticipator --data data/anticipator",
                "  fractalsync-tools help train-controller"})
public final class ToolsMain implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tools CLI and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return Main.execute(ToolsMain::commandLine, args);
    }

    static CommandLine commandLine() {
        return Main.configure(new CommandLine(new ToolsMain()));
    }

    /** No command: the usage on stderr and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return CommandLine.ExitCode.USAGE;
    }
}
