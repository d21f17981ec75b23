package dev.cvpipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void linesDropTheBomAndSplitOnEveryLineEnd() throws IOException {
        Path f = Files.write(dir.resolve("l.txt"), "\uFEFFa\r\nb\rc\n\nd\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a", "b", "c", "", "d"), InputFiles.readLines(f));
        assertEquals(List.of(), InputFiles.readLines(Files.write(dir.resolve("e.txt"), new byte[0])));
    }

    @Test
    void textThatIsNotUtf8IsRefusedWithTheLineOfTheFirstBadByte() throws IOException {
        // GBK for 猫 (C3 A8) is also valid UTF-8 by chance on line 2; B2 E2 on line 4 is not
        Path f = Files.write(dir.resolve("gbk.txt"), new byte[] {'a', '\r', '\n', (byte) 0xC3, (byte) 0xA8, '\r', 'b', '\n', 'x', (byte) 0xB2, (byte) 0xE2});
        var e = assertThrows(InputFiles.NotUtf8Exception.class, () -> InputFiles.readLines(f));
        assertEquals(4, e.line());
        assertEquals(f + ":4: not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8)", e.getMessage());
    }

    @Test
    void aFolderIsNamedNotJustCalledADirectory() {
        var e = assertThrows(IOException.class, () -> InputFiles.readAllBytes(dir));
        assertEquals(dir + ": is a folder, not a file", e.getMessage());
    }
}
