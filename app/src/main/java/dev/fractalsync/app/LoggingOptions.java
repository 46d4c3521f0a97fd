package dev.fractalsync.app;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.Locale;

/**
 * {@code -v/--verbose} and {@code --log-level}, defined once on the root command and inherited by every subcommand.
 * slf4j-simple fixes each logger's level when the logger is created, and the command classes create theirs when
 * picocli instantiates them, so the level is read from the arguments before the command tree is built
 * ({@link #applyBefore}); the parse proper then validates the same options and shows them in the help.
 */
public final class LoggingOptions {
    static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    enum Level { error, warn, info, debug, trace }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log debug messages too (the same as --log-level debug).")
    boolean verbose;

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            description = "Least severe log messages shown: ${COMPLETION-CANDIDATES} (default: info, or debug with -v).")
    Level level;

    /** The level the options ask for, or null to keep the default of simplelogger.properties. */
    Level requested() {
        return level != null ? level : verbose ? Level.debug : null;
    }

    /**
     * Applies the log level found in {@code args} before any logger exists. Arguments that belong to the command
     * are skipped here; a bad level is left to the real parse, which reports it in one line.
     */
    public static void applyBefore(String... args) {
        LoggingOptions found = new LoggingOptions();
        CommandLine scan = new CommandLine(found).setUnmatchedArgumentsAllowed(true)
                .setUnmatchedOptionsArePositionalParams(true).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            scan.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return;
        }
        Level level = found.requested();
        if (level != null) {
            System.setProperty(SIMPLE_LOGGER_LEVEL, level.name().toLowerCase(Locale.ROOT));
        }
    }
}
