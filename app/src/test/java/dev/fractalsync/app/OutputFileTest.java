package dev.fractalsync.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutputFileTest {
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aLegal250CharacterNameCanBeWritten(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("s".repeat(244) + ".jsonl");
        assertEquals(250, target.getFileName().toString().length());
        OutputFile.write(target, "--out", out -> out.write("{}\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{}\n", Files.readString(target));
        assertEquals(List.of(target.getFileName().toString()), names(dir));
    }

    @Test
    void replacingAnotherUsersFileKeepsItsOwnerAndMode(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away");
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path target = dir.resolve("states.jsonl");
        Files.writeString(target, "old\n");
        Files.setOwner(target, nobody);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-r--"));
        OutputFile.write(target, "--out", out -> out.write("new\n".getBytes(StandardCharsets.UTF_8)));
        PosixFileAttributes a = Files.readAttributes(target, PosixFileAttributes.class);
        assertEquals("new\n", Files.readString(target));
        assertEquals(nobody, a.owner());
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(a.permissions()));
    }
}
