package dev.cvpipe;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of DEVELOPING.md, checked on the sources so they stay true: a capability
 * package imports only packages of a lower layer, so there is no cycle between capabilities.
 * Sub-packages ({@code model.layers}) count as their capability. Every reference counts: import
 * lines and fully qualified names in code.
 */
class PackageDependencyTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/cvpipe");

    /**
     * Layer of each capability package; a package may use only packages of a lower layer. Packages
     * on the same layer are independent of each other. A new package must be placed here.
     */
    static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("io", 0),
            Map.entry("report", 1),
            Map.entry("image", 2),
            Map.entry("dataset", 3), Map.entry("metrics", 3), Map.entry("model", 3),
            Map.entry("train", 4), Map.entry("pipeline", 4),
            Map.entry("predict", 5),
            Map.entry("cli", 6));

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cvpipe\\.([a-z][a-z0-9_]*)\\b");

    /** package -> the packages it references, with one example file each. */
    static Map<String, Map<String, Path>> dependencies(Path sources) throws IOException {
        Map<String, Map<String, Path>> deps = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : files) {
            Path rel = sources.relativize(f);
            if (rel.getNameCount() < 2) continue; // dev.cvpipe itself holds no classes
            String own = rel.getName(0).toString();
            Map<String, Path> mine = deps.computeIfAbsent(own, k -> new TreeMap<>());
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.startsWith("package ")) continue;
                Matcher m = REFERENCE.matcher(line);
                while (m.find()) {
                    if (!m.group(1).equals(own)) mine.putIfAbsent(m.group(1), rel);
                }
            }
        }
        return deps;
    }

    @Test
    void lowerPackagesNeverUseHigherOnes() throws IOException {
        Map<String, Map<String, Path>> deps = dependencies(SOURCES);
        assertTrue(deps.keySet().containsAll(List.of("cli", "train", "predict", "dataset")), "sources not found: " + deps.keySet());
        List<String> broken = new ArrayList<>();
        for (var e : deps.entrySet()) {
            Integer from = LAYER.get(e.getKey());
            if (from == null) {
                broken.add(e.getKey() + ": a new package; give it a layer in PackageDependencyTest.LAYER");
                continue;
            }
            for (var d : e.getValue().entrySet()) {
                Integer to = LAYER.get(d.getKey());
                if (to == null || to >= from) {
                    broken.add(e.getKey() + " (layer " + from + ") uses " + d.getKey() + " (layer " + to + "), e.g. in " + d.getValue());
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void noCycleBetweenPackages() throws IOException {
        // Implied by the layers, but checked on its own so the message names the cycle.
        Map<String, Map<String, Path>> deps = dependencies(SOURCES);
        for (String start : deps.keySet()) {
            List<String> cycle = cycleFrom(start, start, deps, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertNull(cycle, () -> "package cycle: " + String.join(" -> ", cycleFrom(start, start, deps,
                    new ArrayList<>(List.of(start)), new TreeSet<>())));
        }
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Map<String, Path>> deps, List<String> path,
                                          TreeSet<String> seen) {
        for (String next : deps.getOrDefault(at, Map.of()).keySet()) {
            if (next.equals(start)) {
                List<String> c = new ArrayList<>(path);
                c.add(start);
                return c;
            }
            if (!seen.add(next)) continue;
            path.add(next);
            List<String> c = cycleFrom(start, next, deps, path, seen);
            if (c != null) return c;
            path.remove(path.size() - 1);
        }
        return null;
    }

    @Test
    void theCheckSeesAViolation(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // A dataset class importing train, and train importing dataset: both the layer rule and the
        // cycle search must see it, or the two tests above could not fail.
        Files.createDirectories(tmp.resolve("dataset"));
        Files.createDirectories(tmp.resolve("train"));
        Files.writeString(tmp.resolve("dataset/A.java"), "package dev.cvpipe.dataset;\nimport dev.cvpipe.train.B;\n");
        Files.writeString(tmp.resolve("train/B.java"), "package dev.cvpipe.train;\nclass B { dev.cvpipe.dataset.A a; }\n");
        Map<String, Map<String, Path>> deps = dependencies(tmp);
        assertEquals(Map.of("dataset", Map.of("train", Path.of("dataset/A.java")), "train", Map.of("dataset", Path.of("train/B.java"))), deps);
        assertEquals(List.of("dataset", "train", "dataset"), cycleFrom("dataset", "dataset", deps, new ArrayList<>(List.of("dataset")), new TreeSet<>()));
    }

    /** Files under {@code dir} that name Spark or the Spark module (the CLI must never load a Spark type). */
    static List<Path> sparkReferences(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> hits = new ArrayList<>();
            for (Path f : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (text.contains("org.apache.spark") || text.contains("dev.cvpipe.spark")) hits.add(dir.relativize(f));
            }
            return hits;
        }
    }

    @Test
    void sparkStaysInTheSparkModule(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // spark/ is its own Maven project; nothing the CLI compiles may reference a Spark type or its classes
        assertEquals(List.of(), sparkReferences(Path.of("src/main")));
        Files.writeString(tmp.resolve("A.java"), "package dev.cvpipe.cli;\nclass A { org.apache.spark.SparkConf c; }\n");
        assertEquals(List.of(Path.of("A.java")), sparkReferences(tmp));
    }
}
