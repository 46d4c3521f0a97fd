package dev.fractalsync.app;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every subcommand of {@code fractalsync}, enumerated from the command tree (so a new command is covered without
 * editing this test), answers {@code --help}, {@code -h} and {@code help NAME} with its usage and exit code 0. The tools
 * launcher has the same test in the tools module ({@code ToolsCommandLineTest}).
 */
class HelpEverywhereTest {
    @TestFactory
    Stream<DynamicTest> everySubcommandAnswersHelp() {
        List<DynamicTest> tests = new ArrayList<>();
        addAll(tests, "fractalsync", Main.commandLine(), CliRun::of);
        return tests.stream();
    }

    static void addAll(List<DynamicTest> tests, String root, CommandLine tree, Function<String[], CliRun> runner) {
        for (Map.Entry<String, CommandLine> e : tree.getSubcommands().entrySet()) {
            String name = e.getKey();
            boolean hasExample = e.getValue().getCommandSpec().usageMessage().footer().length > 0;
            tests.add(DynamicTest.dynamicTest(root + " " + name + " --help", () -> {
                for (String[] args : List.of(new String[]{name, "--help"}, new String[]{name, "-h"},
                        new String[]{"help", name})) {
                    CliRun r = runner.apply(args);
                    assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
                    assertTrue(r.out().contains("Usage: " + root + " " + name + " "), String.join(" ", args) + ":\n" + r.out());
                    assertFalse(r.err().contains("Unknown option"), r.err());
                }
                if (!name.equals("help")) {
                    assertTrue(hasExample, name + " has no example section");
                }
            }));
        }
    }

    @Test
    void everySubcommandHasTheStandardHelpAndLoggingOptions() {
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            for (String option : List.of("--help", "--version", "--verbose", "--log-level")) {
                assertTrue(sub.getCommandSpec().findOption(option) != null, sub.getCommandName() + " lacks " + option);
            }
        }
    }

    @Test
    void versionComesFromTheBuild() {
        CliRun r = CliRun.of("analyze", "-V");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)fractalsync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*"), r.out());
    }

    @Test
    void theRuntimeLauncherSendsToolsCommandsToTheToolsLauncherInOneLine() {
        for (String name : ToolsCommandHint.NAMES) {
            CliRun r = CliRun.of(name, "--out", "x");
            assertEquals(2, r.code(), r.err());
            assertEquals("fractalsync: '" + name + "' is a tools command: run bin/fractalsync-tools " + name
                    + " (the runtime launcher does not ship the training libraries)", r.err().strip());
        }
    }

    @Test
    void completionScriptCoversEveryCommand() {
        CliRun r = CliRun.of("completion");
        assertEquals(0, r.code(), r.err());
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(r.out().contains(name), "completion lacks " + name);
        }
        assertTrue(r.out().contains("complete -F"), r.out());
    }

    @Test
    void aBadLogLevelIsOneLine() {
        CliRun r = CliRun.of("providers", "--log-level", "loud");
        assertEquals(2, r.code());
        r.assertUsageErrorStartingWith("fractalsync providers", "Invalid value for option '--log-level'");
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
