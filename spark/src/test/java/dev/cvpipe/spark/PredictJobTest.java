package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.predict.ModelCache;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict on Spark writes the CLI's result.csv and probs.csv byte for byte, bad images reported in the same lines. */
class PredictJobTest {
    @TempDir
    static Path tmp;
    static String run;
    static String images;
    static Cluster cluster;

    @BeforeAll
    static void setUp() throws Exception {
        run = TinyRuns.relative(TinyRuns.classifier(tmp));
        Path in = Files.createDirectories(tmp.resolve("images"));
        int[] colours = {0xB01010, 0x10B010, 0x1010B0, 0x909020, 0x209090};
        for (int i = 0; i < 11; i++) ImageIO.write(TinyRuns.square(24 + i, colours[i % 5] + i * 3), "png", in.resolve("img" + i + ".png").toFile());
        TinyRuns.addBadImages(in);
        images = TinyRuns.relative(in);
        cluster = SparkTests.local();
    }

    @AfterAll
    static void tearDown() {
        ModelCache.clear();
    }

    /** The CLI, then Spark, writing the same files; returns both runs and checks the files are equal. */
    static Run[] both(String... opts) throws IOException {
        Path result = tmp.resolve("result.csv"), probs = tmp.resolve("probs.csv");
        String[] args = Stream.concat(Stream.of("predict", "--model", run, "--images", images, "-o", TinyRuns.relative(result),
                "--probs", TinyRuns.relative(probs)), Stream.of(opts)).toArray(String[]::new);
        Run cli = Run.cli(args);
        byte[] cliResult = Files.readAllBytes(result), cliProbs = Files.readAllBytes(probs);
        Files.delete(result);
        Files.delete(probs);
        Run spark = Run.spark(cluster, args);
        assertEquals(cli.exit(), spark.exit(), spark.err());
        assertEquals(new String(cliResult), Files.readString(result));
        assertArrayEquals(cliProbs, Files.readAllBytes(probs));
        assertEquals(cli.out(), spark.out());
        assertEquals(withoutCacheLog(cli.err()), withoutCacheLog(spark.err()));
        return new Run[] {cli, spark};
    }

    static String withoutCacheLog(String err) {
        return String.join("\n", err.lines().filter(l -> !l.startsWith("model cache: ")).toList());
    }

    @Test
    void sameResultLinesBadImagesReportedExitThree() throws Exception {
        Run spark = both()[1];
        assertEquals(3, spark.exit(), spark.err());
        List<String> lines = Files.readAllLines(tmp.resolve("result.csv"));
        // 11 good images in name order, the 2 bad ones left out of result.csv but reported
        assertEquals(11, lines.size());
        assertTrue(lines.get(0).matches("img0\\.png,[0-2]"), lines.get(0));
        assertTrue(lines.get(2).startsWith("img10.png,"), lines.get(2));
        assertTrue(spark.err().contains(Path.of(images, "zero.jpg") + ": "), spark.err());
        assertTrue(spark.err().contains(Path.of(images, "truncated.jpg") + ": "), spark.err());
        assertTrue(spark.out().contains(" 13 ") && spark.out().contains(" 11 "), spark.out());
        // local[2], spark.task.cpus 1: two tasks share the executor's one session, each with one core
        assertFalse(ModelCache.keys().isEmpty());
        assertTrue(ModelCache.keys().stream().allMatch(k -> k.threads() == 2 && k.tasks() == 2), ModelCache.keys().toString());
    }

    @Test
    void fillClassTopkTtaAndSmallBatchesAlsoMatch() throws Exception {
        Run spark = both("--fill-class", "1", "--topk", "2", "--tta", "flip", "--batch", "3", "--csv")[1];
        assertEquals(3, spark.exit());
        List<String> lines = Files.readAllLines(tmp.resolve("result.csv"));
        assertEquals(13, lines.size());
        assertEquals("truncated.jpg,1,1", lines.get(11));
        assertEquals("output,images,lines,bad,filled", spark.out().lines().findFirst().orElseThrow());
    }

    @Test
    void aRunShippedAsAnArchiveIsFoundByItsAlias() throws Exception {
        Path zip = tmp.resolve("run.zip");
        Path dir = Path.of(run);
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                z.putNextEntry(new ZipEntry(dir.relativize(f).toString()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        cluster.context().sc().addArchive(zip.toAbsolutePath() + "#shippedmodel");
        Path out = tmp.resolve("shipped.csv");
        Run spark = Run.spark(cluster, "predict", "--model", "shippedmodel", "--images", images, "-o", out.toString());
        assertEquals(3, spark.exit(), spark.err());
        Run cli = Run.cli("predict", "--model", run, "--images", images, "-o", tmp.resolve("local.csv").toString());
        assertEquals(Files.readString(tmp.resolve("local.csv")), Files.readString(out));
    }

    @Test
    void clusterMeaninglessOptionsAndBadOptionsAreUsageErrors() {
        Run threads = Run.spark(cluster, "predict", "--model", run, "--images", images, "-o", "x.csv", "--threads", "2");
        assertEquals(2, threads.exit());
        assertTrue(threads.err().startsWith("cvpipe: --threads does not apply on Spark: "), threads.err());
        Run workers = Run.spark(cluster, "predict", "--model", run, "--images", images, "-o", "x.csv", "--workers", "2");
        assertEquals(2, workers.exit());
        String[] badTopk = {"predict", "--model", run, "--images", images, "-o", tmp.resolve("y.csv").toString(), "--topk", "0"};
        Run cli = Run.cli(badTopk), spark = Run.spark(cluster, badTopk);
        assertEquals(2, spark.exit(), spark.err());
        assertEquals(cli.err(), spark.err());
        assertFalse(Files.exists(Path.of("x.csv")));
    }
}
