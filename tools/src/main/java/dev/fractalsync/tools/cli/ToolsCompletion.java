package dev.fractalsync.tools.cli;

import picocli.AutoComplete;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Build step (exec-maven-plugin at package time): writes {@code fractalsync-tools_completion} into {@code args[0]}. */
public final class ToolsCompletion {
    private ToolsCompletion() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fractalsync-tools_completion"),
                AutoComplete.bash("fractalsync-tools", ToolsMain.commandLine()));
    }
}
