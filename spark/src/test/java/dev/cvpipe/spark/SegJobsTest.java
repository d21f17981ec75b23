package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.predict.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * seg predict on Spark writes the CLI's masks byte for byte; seg metrics on Spark prints the CLI's
 * values (text, --json, the per-image CSV), bad files reported the same way, exit 3.
 */
class SegJobsTest {
    @TempDir
    static Path tmp;
    static String run;
    static String images;
    static Cluster cluster;

    @BeforeAll
    static void setUp() throws Exception {
        run = TinyRuns.relative(TinyRuns.segmenter(tmp));
        Path in = Files.createDirectories(tmp.resolve("images"));
        try (Stream<Path> files = Files.list(TinyRuns.SEG_SHAPES.resolve("test/images"))) {
            for (Path p : files.sorted().limit(5).toList()) Files.copy(p, in.resolve(p.getFileName()));
        }
        TinyRuns.addBadImages(in);
        images = TinyRuns.relative(in);
        cluster = SparkTests.local();
    }

    @AfterAll
    static void tearDown() {
        ModelCache.clear();
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void segPredictWritesTheClisMasksAndReportsBadImages() throws Exception {
        for (List<String> opts : List.of(List.<String>of(), List.of("--tta", "flip", "--palette", "--json"))) {
            String cliOut = TinyRuns.relative(tmp.resolve("masks-a" + opts.size()));
            String sparkOut = TinyRuns.relative(tmp.resolve("masks-b" + opts.size()));
            Run cli = Run.cli(Stream.concat(Stream.of("seg", "predict", "--model", run, "--images", images, "-o", cliOut), opts.stream())
                    .toArray(String[]::new));
            Run spark = Run.spark(cluster, Stream.concat(Stream.of("seg", "predict", "--model", run, "--images", images, "-o", sparkOut),
                    opts.stream()).toArray(String[]::new));
            assertEquals(3, cli.exit(), cli.err());
            assertEquals(3, spark.exit(), spark.err());
            assertEquals(cli.out().replace(cliOut, sparkOut), spark.out());
            assertEquals(PredictJobTest.withoutCacheLog(cli.err()), PredictJobTest.withoutCacheLog(spark.err()));
            assertTrue(spark.err().contains(Path.of(images, "zero.jpg") + ": "), spark.err());
            assertTrue(spark.err().contains(Path.of(images, "truncated.jpg") + ": "), spark.err());
            List<String> masks = names(Path.of(sparkOut));
            assertEquals(List.of("te_000.png", "te_001.png", "te_002.png", "te_003.png", "te_004.png"), masks);
            assertEquals(masks, names(Path.of(cliOut)));
            for (String m : masks) {
                assertArrayEquals(Files.readAllBytes(Path.of(cliOut, m)), Files.readAllBytes(Path.of(sparkOut, m)), m);
            }
        }
        // a re-run skips the masks already written, as the CLI does; only the two bad images are tried again
        Run again = Run.spark(cluster, "seg", "predict", "--model", run, "--images", images, "-o", TinyRuns.relative(tmp.resolve("masks-b0")), "--csv");
        assertEquals(3, again.exit(), again.err());
        assertTrue(again.out().endsWith(",7,0,5,2\n"), again.out());
        Run threads = Run.spark(cluster, "seg", "predict", "--model", run, "--images", images, "-o", "x", "--threads", "2");
        assertEquals(2, threads.exit());
    }

    @Test
    void segMetricsValuesEqualTheClis() throws Exception {
        // the 3-class set plus a zero-byte and a truncated prediction with ground truth, and a prediction without one
        Path pred = Files.createDirectories(tmp.resolve("metrics/pred")), gt = Files.createDirectories(tmp.resolve("metrics/gt"));
        Path classes = Path.of("../test-data/seg-metrics/classes");
        for (String n : names(classes.resolve("pred"))) Files.copy(classes.resolve("pred").resolve(n), pred.resolve(n));
        for (String n : names(classes.resolve("gt"))) Files.copy(classes.resolve("gt").resolve(n), gt.resolve(n));
        Files.write(pred.resolve("zz_zero.png"), new byte[0]);
        byte[] png = Files.readAllBytes(classes.resolve("pred/img0.png"));
        Files.write(pred.resolve("zz_trunc.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Files.copy(classes.resolve("gt/img0.png"), gt.resolve("zz_zero.png"));
        Files.copy(classes.resolve("gt/img0.png"), gt.resolve("zz_trunc.png"));
        String p = TinyRuns.relative(pred), g = TinyRuns.relative(gt);
        int k = 1 + names(classes.resolve("gt")).stream().mapToInt(n -> maxValue(classes.resolve("gt").resolve(n))).max().orElseThrow();
        for (List<String> opts : List.of(List.of("--reduction", "micro-imagewise"), List.of("--json", "--reduction", "macro"), List.of("--csv"))) {
            Path cliCsv = tmp.resolve("per-image-cli.csv"), sparkCsv = tmp.resolve("per-image-spark.csv");
            String[] base = {"seg", "metrics", "--pred", p, "--gt", g, "--classes", Integer.toString(k)};
            Run cli = Run.cli(Stream.concat(Stream.concat(Stream.of(base), opts.stream()), Stream.of("--per-image", cliCsv.toString()))
                    .toArray(String[]::new));
            Run spark = Run.spark(cluster, Stream.concat(Stream.concat(Stream.of(base), opts.stream()), Stream.of("--per-image", sparkCsv.toString()))
                    .toArray(String[]::new));
            assertEquals(3, cli.exit(), cli.err());
            assertEquals(3, spark.exit(), spark.err());
            assertEquals(cli.out(), spark.out());
            assertEquals(cli.err(), spark.err());
            assertArrayEquals(Files.readAllBytes(cliCsv), Files.readAllBytes(sparkCsv));
            assertTrue(spark.err().contains(Path.of(p, "zz_zero.png") + ": "), spark.err());
            assertTrue(spark.err().contains(Path.of(p, "zz_trunc.png") + ": "), spark.err());
            assertEquals(1 + names(classes.resolve("gt")).size(), Files.readAllLines(sparkCsv).size());
        }
        Run workers = Run.spark(cluster, "seg", "metrics", "--pred", p, "--gt", g, "--classes", "3", "--workers", "2");
        assertEquals(2, workers.exit());
    }

    private static int maxValue(Path mask) {
        try {
            byte[] v = dev.cvpipe.image.ImageDecoder.readMask(mask).values();
            int m = 0;
            for (byte b : v) m = Math.max(m, b & 0xff);
            return m;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
