package dev.fractalsync.app;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Prints the bash completion script of {@code fractalsync}. The build writes it beside the libraries ({@link #main},
 * run by exec-maven-plugin at package time).
 */
@Command(name = "completion", description = "Print the bash completion script of fractalsync (zsh can use it "
        + "after 'autoload -U bashcompinit && bashcompinit'). The build also writes it to "
        + "app/target/fractalsync/fractalsync_completion.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(bin/fractalsync completion)",
                "  bin/fractalsync completion > ~/.local/share/bash-completion/completions/fractalsync"})
public final class CompletionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.print(AutoComplete.bash("fractalsync", Main.commandLine()));
        return 0;
    }

    /** Build step: writes {@code fractalsync_completion} into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fractalsync_completion"), AutoComplete.bash("fractalsync", Main.commandLine()));
    }
}
