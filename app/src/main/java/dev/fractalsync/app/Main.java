package dev.fractalsync.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the {@code fractalsync} command: the runtime commands. The training and conversion commands live
 * in the tools module ({@code bin/fractalsync-tools}), whose libraries the runtime does not ship; here their names
 * answer with one line pointing there.
 */
@Command(name = "fractalsync", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        scope = ScopeType.INHERIT, sortOptions = false, showDefaultValues = false,
        description = "Music-reactive Julia-set visuals driven by a two-timescale beat/structure engine.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, AnalyzeCommand.class, AnalyzeLibraryCommand.class, LibraryMemberCommand.class, DemoCommand.class,
                ProvidersCommand.class, ConformanceCommand.class, AnalyzeNodeCommand.class, RenderNodeCommand.class,
                EvalBeatsCommand.class, BenchCommand.class, BenchBeatCommand.class, SyncCheckCommand.class,
                PresetsCommand.class, CompletionCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync run demo",
                "  fractalsync analyze song.wav --out states.jsonl --plot timeline.png",
                "  fractalsync help analyze",
                "Training and conversion commands run from bin/fractalsync-tools (see bin/fractalsync-tools help)."})
public final class Main implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return execute(Main::commandLine, args);
    }

    /** Runs a launcher's command tree: the logging options take effect before the tree is built. */
    public static int execute(java.util.function.Supplier<CommandLine> tree, String... args) {
        LoggingOptions.applyBefore(args);
        return tree.get().execute(args);
    }

    /** The whole command tree, configured as the launcher runs it (for the tests and the completion script). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (String name : ToolsCommandHint.NAMES) {
            cl.addSubcommand(name, new CommandLine(new ToolsCommandHint(name)));
        }
        return configure(cl);
    }

    /**
     * What both launchers share: enum values in any case; a mistake on the command line is one line naming it and one
     * pointing to the command's help (exit 2, no usage dump); a failure while working is one line (exit 1), never a
     * stack trace.
     */
    public static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            usageError(cmd, ex.getMessage() + suggestion(ex));
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UsageException) {
                usageError(cmd, ex.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            cmd.getErr().println("fractalsync: "
                    + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    /** The error line and the pointer to the help of the command it belongs to, as git does. */
    private static void usageError(CommandLine cmd, String message) {
        String root = cmd.getCommandSpec().root().name();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(root + ": " + message);
        cmd.getErr().println("see '" + name + " --help'");
    }

    /** picocli's "did you mean" for a mistyped option or command, on the same line. */
    private static String suggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            return "; did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?";
        }
        return "";
    }

    /** No command: the usage on stderr and exit 2, as for any other incomplete command line. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return CommandLine.ExitCode.USAGE;
    }
}
