package dev.fractalsync.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code fractalsync} command. */
@Command(name = "fractalsync", mixinStandardHelpOptions = true, version = "fractalsync 0.1.0",
        description = "Music-reactive Julia-set visuals driven by a two-timescale beat/structure engine.",
        subcommands = {ProvidersCommand.class, AnalyzeCommand.class, RunCommand.class, DemoCommand.class,
                AnalyzeNodeCommand.class, RenderNodeCommand.class, TrainControllerCommand.class,
                ConvertBeatNetCommand.class, EvalBeatsCommand.class, BenchBeatCommand.class,
                ConformanceCommand.class, BenchCommand.class,
                DatasetCommand.class, MidiCorpusCommand.class, ConditionsCommand.class, TrainAnticipatorCommand.class,
                EvalStructureCommand.class, SyncCheckCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("fractalsync: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
