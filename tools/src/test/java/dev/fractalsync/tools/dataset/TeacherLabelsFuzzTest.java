package dev.fractalsync.tools.dataset;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile teacher label files (unknown labels, overlaps, negative or NaN times, missing fields, truncated JSON) in
 * every format {@link TeacherLabels} reads: each is refused with one line that names the file.
 */
class TeacherLabelsFuzzTest {
    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicTest> everyBadLabelFileGetsOneLineNamingIt() {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        text.put("unknown-label", "0.0 10.0 intro\n10.0 20.0 kazoo-solo\n");
        text.put("overlap", "0.0 12.0 intro\n10.0 20.0 verse\n");
        text.put("negative-time", "-5.0 10.0 intro\n10.0 20.0 verse\n");
        text.put("end-before-start", "0.0 10.0 intro\n20.0 15.0 verse\n");
        text.put("nan-time", "0.0 10.0 intro\nNaN 20.0 verse\n");
        text.put("missing-label", "0.0 10.0\n");
        text.forEach((name, body) -> {
            files.put(name + ".lab", body);
            files.put(name + ".csv", "start,end,label\n" + body.replace(' ', ','));
        });
        files.put("unknown-label.json", "{\"segments\":[{\"start\":0,\"end\":10,\"label\":\"intro\"},"
                + "{\"start\":10,\"end\":20,\"label\":\"kazoo-solo\"}]}");
        files.put("overlap.json", "{\"segments\":[{\"start\":0,\"end\":12,\"label\":\"intro\"},"
                + "{\"start\":10,\"end\":20,\"label\":\"verse\"}]}");
        files.put("negative-time.json", "[{\"start\":-5,\"end\":10,\"label\":\"intro\"}]");
        files.put("wrong-types.json", "{\"segments\":[{\"start\":\"zero\",\"end\":true,\"label\":7}]}");
        files.put("truncated.json", "{\"segments\":[{\"start\":0,\"end\":10,\"la");
        files.put("no-segments.json", "{\"bpm\":120}");

        List<DynamicTest> tests = new ArrayList<>();
        files.forEach((name, body) -> tests.add(DynamicTest.dynamicTest(name, () -> refused(name, body))));
        return tests;
    }

    private void refused(String name, String body) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, body, StandardCharsets.UTF_8);
        TeacherLabels reader = new TeacherLabels(LabelAliases.defaults());
        LabelFormatException e = assertThrows(LabelFormatException.class, () -> reader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
