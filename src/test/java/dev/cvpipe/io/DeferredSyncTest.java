package dev.cvpipe.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredSyncTest {
    @TempDir
    Path dir;

    @Test
    void outputsAreRenamedAtOnceAndRecordedForOneFlushAtTheEnd() throws Exception {
        byte[] a = {1, 2, 3};
        try (DeferredSync d = DeferredSync.open()) {
            assertSame(d, DeferredSync.active());
            assertThrows(IllegalStateException.class, DeferredSync::open, "one at a time");
            AtomicFile.writeBytes(dir.resolve("x/a.bin"), a);
            AtomicFile.writeString(dir.resolve("y/b.txt"), "b");
            // renamed in place before the flush: readers see whole files, no temp is left
            assertArrayEquals(a, Files.readAllBytes(dir.resolve("x/a.bin")));
            assertEquals("b", Files.readString(dir.resolve("y/b.txt")));
            try (var s = Files.walk(dir)) {
                assertEquals(List.of(), s.filter(AtomicFile::isTemp).toList());
            }
            assertEquals(2, d.recorded());
        }
        assertNull(DeferredSync.active(), "closed: commits fsync one by one again");
        AtomicFile.writeString(dir.resolve("c.txt"), "c");
        assertEquals("c", Files.readString(dir.resolve("c.txt")));
    }

    @Test
    void withNothingWrittenClosingDoesNothing() throws Exception {
        try (DeferredSync d = DeferredSync.open()) {
            assertEquals(0, d.recorded());
        }
        assertNull(DeferredSync.active());
    }
}
