package dev.cvpipe.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
            AtomicFile.write(dir.resolve("x/a.bin"), out -> out.write(a), tmp -> { }, d);
            AtomicFile.write(dir.resolve("y/b.txt"), out -> out.write('b'), tmp -> { }, d);
            // a write not handed it (in place, say) fsyncs as always and is not recorded
            AtomicFile.writeString(dir.resolve("c.txt"), "c");
            // renamed before the flush: readers see whole files, no temp is left
            assertArrayEquals(a, Files.readAllBytes(dir.resolve("x/a.bin")));
            assertEquals("b", Files.readString(dir.resolve("y/b.txt")));
            try (var s = Files.walk(dir)) {
                assertEquals(List.of(), s.filter(AtomicFile::isTemp).toList());
            }
            assertEquals(2, d.recorded());
        }
        assertEquals("c", Files.readString(dir.resolve("c.txt")));
    }

    @Test
    void aRefusedTempIsNeitherRenamedNorRecorded() throws Exception {
        try (DeferredSync d = DeferredSync.open()) {
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> AtomicFile.write(dir.resolve("z.bin"),
                    out -> out.write(1), tmp -> { throw new java.io.IOException("does not decode"); }, d));
            assertEquals(0, d.recorded());
            assertEquals(false, Files.exists(dir.resolve("z.bin")));
        }
    }
}
