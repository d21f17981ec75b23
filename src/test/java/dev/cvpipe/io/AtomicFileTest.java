package dev.cvpipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void failedWriteLeavesTheOldFileAndNoTemp() throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void staleTempsAreRemoved() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("a/b"));
        Path stale = AtomicFile.tempFor(sub.resolve("x.png"));
        Files.writeString(stale, "partial");
        AtomicFile.writeString(sub.resolve("y.txt"), "ok");
        assertEquals(1, AtomicFile.removeStaleTemps(dir).size());
        assertFalse(Files.exists(stale));
        assertEquals("ok", Files.readString(sub.resolve("y.txt")));
    }
}
