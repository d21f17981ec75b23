package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.cli.Main;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task that dies of an Error (a class missing on an executor: no --jars) ends the run with one short line. */
class ClusterFailureTest {
    @Test
    void anErrorInATaskIsOneShortLineNotTheStackTrace() {
        Cluster cluster = SparkTests.local();
        Exception e = assertThrows(Exception.class, () -> cluster.map("fail", List.of("a", "b"), (String s) -> {
            throw new NoClassDefFoundError("dev/cvpipe/image/RgbBatch$Planned");
        }));
        String line = Main.describe(e);
        assertFalse(line.contains("\tat ") || line.contains(" at java.base/"), line);
        assertFalse(line.contains("Driver stacktrace"), line);
        assertTrue(line.contains("java.lang.NoClassDefFoundError: dev/cvpipe/image/RgbBatch$Planned"), line);
        assertTrue(line.contains("--jars"), line);
        assertEquals(-1, line.indexOf('\n'));
    }
}
