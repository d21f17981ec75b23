package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectJobTest {
    static final Path MODES = Path.of("../test-data/images/modes");

    @TempDir
    static Path tmp;
    /** The input folder as a relative path: executors must not resolve it against their own working folder. */
    static String in;
    static Cluster cluster;

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in/sub"));
        for (String n : List.of("mode_P.png", "mode_RGB.jpg", "mode_CMYK.jpg", "mode_I16.png", "png_named.jpg", "zero.jpg",
                "truncated.jpg", "not_an_image.png")) {
            Files.copy(MODES.resolve(n), (n.startsWith("mode_") ? dir : dir.getParent()).resolve(n));
        }
        in = Path.of("").toAbsolutePath().relativize(tmp.resolve("in")).toString();
        cluster = SparkTests.local();
    }

    @Test
    void sameReportBadLinesAndExitCodeAsTheCli() {
        for (List<String> opts : List.<List<String>>of(List.of(), List.of("--deep", "--csv"), List.of("--json"))) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("inspect", in), opts.stream()).toArray(String[]::new);
            Run cli = Run.cli(args);
            Run spark = Run.spark(cluster, args);
            assertEquals(3, cli.exit(), cli.err());
            assertEquals(cli.exit(), spark.exit(), spark.err());
            assertEquals(cli.out(), spark.out());
            assertEquals(cli.errLines(), spark.errLines());
        }
        Run spark = Run.spark(cluster, "inspect", in, "--deep");
        // 8 files, each one row: the zero-byte and the truncated file are reported, not lost
        assertEquals(9, spark.out().lines().count(), spark.out());
        assertTrue(spark.out().lines().anyMatch(l -> l.startsWith(Path.of(in, "zero.jpg").toString())), spark.out());
        assertTrue(spark.err().contains(Path.of(in, "zero.jpg") + ": "), spark.err());
        assertTrue(spark.err().contains(Path.of(in, "truncated.jpg") + ": "), spark.err());
        assertTrue(spark.err().contains("8 files by mode: CMYK 1, I;16 1, P 1, RGB 2, bad 3"), spark.err());
    }

    @Test
    void cleanInputsExitZero() {
        Run spark = Run.spark(cluster, "inspect", Path.of(in, "sub").toString());
        assertEquals(0, spark.exit(), spark.err());
        assertEquals(Run.cli("inspect", Path.of(in, "sub").toString()).out(), spark.out());
    }

    @Test
    void usageErrorsAreTheClis() {
        Run cli = Run.cli("inspect", in, "--no-such-option");
        Run spark = Run.spark(cluster, "inspect", in, "--no-such-option");
        assertEquals(2, spark.exit());
        assertEquals(cli.err(), spark.err());
        Run jobs = Run.spark(cluster, "inspect", in, "-j", "4");
        assertEquals(2, jobs.exit());
        assertTrue(jobs.err().startsWith("cvpipe: --jobs does not apply on Spark: "), jobs.err());
        Run other = Run.spark(cluster, "stats", in);
        assertEquals(2, other.exit());
        assertTrue(other.err().startsWith("cvpipe: 'stats' does not run on Spark; on Spark: inspect, to-rgb"), other.err());
        Run none = Run.spark(cluster);
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("cvpipe: Missing command: on Spark, choose one of [inspect, to-rgb, predict, seg predict, seg metrics]"), none.err());
    }
}
