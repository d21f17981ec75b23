package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** to-rgb on Spark writes the bytes the CLI writes, and reports, counts and exits as it does. */
class ToRgbJobTest {
    static final Path MODES = Path.of("../test-data/images/modes");
    /** A few of Pillow's own test images, when the shared corpus is there (it is beside the repository). */
    static final List<String> CORPUS = List.of("readable/background_outside_palette.gif", "readable/blend_transparency.png",
            "readable/icc-after-SOF.jpg", "readable/bw_gradient.png", "readable/hopper_mask.png", "unreadable/truncated_jpeg.jpg");

    @TempDir
    static Path tmp;
    static Path in;
    static Cluster cluster;

    @BeforeAll
    static void setUp() throws Exception {
        in = Files.createDirectories(tmp.resolve("in"));
        Files.createDirectories(in.resolve("sub"));
        for (String n : List.of("mode_P.png", "mode_RGB.png", "mode_RGB.jpg", "mode_CMYK.jpg", "mode_GIF.gif", "mode_RGB.webp",
                "mode_I16.png", "mode_LA.png", "png_named.jpg", "zero.jpg", "truncated.jpg")) {
            Files.copy(MODES.resolve(n), in.resolve(n));
        }
        Files.copy(MODES.resolve("mode_L.jpg"), in.resolve("sub/mode_L.jpg"));
        // x.gif would become x.png, which x.png keeps: the whole-set check refuses x.gif
        Files.copy(MODES.resolve("mode_GIF.gif"), in.resolve("x.gif"));
        Files.copy(MODES.resolve("mode_RGB.png"), in.resolve("x.png"));
        for (String root : List.of("../../shared/corpora/pillow-test-images", "../../../shared/corpora/pillow-test-images")) {
            if (!Files.isDirectory(Path.of(root))) continue;
            Files.createDirectories(in.resolve("corpus"));
            for (String f : CORPUS) Files.copy(Path.of(root, f), in.resolve("corpus").resolve(Path.of(f).getFileName()));
            break;
        }
        cluster = SparkTests.local();
    }

    /** A path relative to the working folder, as a user would type it: executors must not resolve it in theirs. */
    static String rel(Path p) {
        return Path.of("").toAbsolutePath().relativize(p).toString();
    }

    static Map<String, byte[]> tree(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
        }
        return files;
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        Map<String, byte[]> e = tree(expected), a = tree(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String k : e.keySet()) assertArrayEquals(e.get(k), a.get(k), k);
    }

    @Test
    void outputsReportAndExitCodeEqualTheClis() throws Exception {
        String outCli = rel(tmp.resolve("out-cli")), outSpark = rel(tmp.resolve("out-spark"));
        String repCli = rel(tmp.resolve("cli.csv")), repSpark = rel(tmp.resolve("spark.csv"));
        Run cli = Run.cli("to-rgb", rel(in), "-o", outCli, "--report", repCli);
        Run spark = Run.spark(cluster, "to-rgb", rel(in), "-o", outSpark, "--report", repSpark);
        assertEquals(3, cli.exit(), cli.err());
        assertEquals(3, spark.exit(), spark.err());
        assertEquals(cli.out(), spark.out());
        assertEquals(cli.errLines(), spark.errLines());
        assertEquals(Files.readString(Path.of(repCli)).replace(outCli, outSpark), Files.readString(Path.of(repSpark)));
        assertSameTree(tmp.resolve("out-cli"), tmp.resolve("out-spark"));
        // the zero-byte, the truncated and the colliding file are reported, not lost
        String report = Files.readString(Path.of(repSpark));
        for (String bad : List.of("zero.jpg", "truncated.jpg", "x.gif")) {
            assertTrue(report.contains(Path.of(rel(in), bad) + ",") && spark.err().contains(Path.of(rel(in), bad) + ": "), bad + "\n" + report);
        }
        assertTrue(spark.err().contains("x.gif: output x.png would overwrite the output of " + Path.of(rel(in), "x.png")), spark.err());
        assertTrue(Files.size(tmp.resolve("out-spark/mode_P.png")) > 0);
        assertTrue(spark.out().contains("converted"), spark.out());
    }

    @Test
    void inPlaceAndDryRunEqualTheClis() throws Exception {
        Path a = copy(in, tmp.resolve("inplace-cli")), b = copy(in, tmp.resolve("inplace-spark"));
        for (List<String> opts : List.<List<String>>of(List.of("--dry-run", "--csv"), List.of("--format", "png", "--fix-extension"))) {
            Run cli = Run.cli(Stream.concat(Stream.of("to-rgb", rel(a), "--in-place"), opts.stream()).toArray(String[]::new));
            Run spark = Run.spark(cluster, Stream.concat(Stream.of("to-rgb", rel(b), "--in-place"), opts.stream()).toArray(String[]::new));
            assertEquals(3, cli.exit(), cli.err());
            assertEquals(cli.exit(), spark.exit(), spark.err());
            assertEquals(cli.out().replace(rel(a), rel(b)), spark.out());
            assertEquals(cli.errLines().stream().map(l -> l.replace(rel(a), rel(b))).toList(), spark.errLines());
            assertSameTree(a, b);
        }
        assertTrue(Files.exists(b.resolve("mode_CMYK.png")) && !Files.exists(b.resolve("mode_CMYK.jpg")), "converted in place to PNG");
        assertTrue(Files.exists(b.resolve("zero.jpg")) && Files.exists(b.resolve("truncated.jpg")), "bad inputs are left alone");
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
        return to;
    }
}
