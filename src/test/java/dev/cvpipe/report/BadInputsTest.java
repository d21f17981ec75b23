package dev.cvpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BadInputsTest {
    @Test
    void aFileNameWithControlCharactersStaysOnOneLine() {
        PrintStream old = Log.stream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Log.setStream(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            BadInputs bad = new BadInputs(false);
            bad.report(Path.of("dir/a\nb.jpg"), "not an image:\n  no known header");
            bad.report("list.txt:3", "tab\there, bell\u0007, escape\u001b[31m");
            assertEquals(List.of("dir/a\\nb.jpg: not an image: no known header",
                    "list.txt:3: tab\\there, bell\\x07, escape\\x1b[31m"), bad.lines());
            assertEquals(2, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString(StandardCharsets.UTF_8));
        } finally {
            Log.setStream(old);
        }
    }

    @Test
    void plainTextIsLeftAlone() {
        assertEquals("ünïcode päth/猫.jpg", BadInputs.escape("ünïcode päth/猫.jpg"));
    }
}
