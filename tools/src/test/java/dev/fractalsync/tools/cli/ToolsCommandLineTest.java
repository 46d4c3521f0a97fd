package dev.fractalsync.tools.cli;

import dev.fractalsync.app.ToolsCommandHint;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every subcommand of {@code fractalsync-tools}, enumerated from the command tree, answers {@code --help}, {@code -h}
 * and {@code help NAME} with its usage; the runtime launcher's stand-ins name exactly these commands; usage errors are
 * one line.
 */
class ToolsCommandLineTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everySubcommandAnswersHelp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : ToolsMain.commandLine().getSubcommands().entrySet()) {
            String name = e.getKey();
            boolean hasExample = e.getValue().getCommandSpec().usageMessage().footer().length > 0;
            tests.add(DynamicTest.dynamicTest("fractalsync-tools " + name + " --help", () -> {
                for (String[] args : List.of(new String[]{name, "--help"}, new String[]{name, "-h"},
                        new String[]{"help", name})) {
                    CliRun r = CliRun.tools(args);
                    assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
                    assertTrue(r.out().contains("Usage: fractalsync-tools " + name + " "), String.join(" ", args) + ":\n" + r.out());
                    assertFalse(r.err().contains("Unknown option"), r.err());
                }
                if (!name.equals("help")) {
                    assertTrue(hasExample, name + " has no example section");
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void everySubcommandHasTheStandardHelpAndLoggingOptions() {
        for (CommandLine sub : ToolsMain.commandLine().getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            for (String option : List.of("--help", "--version", "--verbose", "--log-level")) {
                assertTrue(sub.getCommandSpec().findOption(option) != null, sub.getCommandName() + " lacks " + option);
            }
        }
    }

    @Test
    void theRuntimeLauncherNamesExactlyTheToolsCommands() {
        // library-member is in both launchers: a tools member also runs dataset jobs
        assertEquals(ToolsMain.commandLine().getSubcommands().keySet().stream()
                        .filter(n -> !n.equals("help") && !n.equals("library-member")).toList(),
                ToolsCommandHint.NAMES);
    }

    @Test
    void noArgumentsIsAUsageError() {
        CliRun tools = CliRun.tools();
        assertEquals(2, tools.code());
        assertEquals("", tools.out(), "the usage goes to stderr, as for every other usage error");
        assertTrue(tools.err().startsWith("Usage: fractalsync-tools"), tools.err());
    }

    @Test
    void aTrainingKnobOutOfRangeIsAUsageErrorBeforeAnyDataIsRead() throws IOException {
        Path model = tmp.resolve("m.onnx");
        CliRun r = CliRun.tools("train-anticipator", "--data", tmp.resolve("no-such-dataset").toString(),
                "--dropout", "1.5", "--out", model.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("fractalsync-tools: --dropout must be at least 0 and below 1, got 1.5" + System.lineSeparator()
                + "see 'fractalsync-tools train-anticipator --help'", r.err().strip());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void dashForTheModelIsRefusedInOneLine() {
        CliRun model = CliRun.tools("train-controller", "--out", "-");
        assertEquals(2, model.code());
        assertTrue(model.err().contains("--out names the ONNX model file"), model.err());
        assertFalse(Files.exists(Path.of("-")));
    }
}
