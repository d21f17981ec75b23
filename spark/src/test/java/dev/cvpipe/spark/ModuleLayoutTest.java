package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Spark module's classes live in dev.cvpipe.spark only (the root's PackageDependencyTest checks the other side). */
class ModuleLayoutTest {
    @Test
    void everySourceIsInTheSparkPackage() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            assertEquals(Path.of("src/main/java/dev/cvpipe/spark"), f.getParent(), f.toString());
            assertEquals("package dev.cvpipe.spark;", Files.readAllLines(f, StandardCharsets.UTF_8).get(0), f.toString());
        }
    }
}
