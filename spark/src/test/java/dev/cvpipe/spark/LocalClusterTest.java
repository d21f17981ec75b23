package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * to-rgb in {@code local-cluster[2,1,1024]}: two executor JVMs started by workers in their own
 * working folders, as on a real cluster. What {@code local[2]} hides fails here: state kept in a
 * static field on the driver, a path resolved against the working folder, a class not on the
 * executors' class path. Spark needs a SPARK_HOME with {@code jars/} to start executors: it is made
 * under target/ from this JVM's class path (symlinks), with the class folders on the executors'
 * extra class path.
 */
class LocalClusterTest {
    @TempDir
    static Path tmp;
    static JavaSparkContext sc;

    @BeforeAll
    static void startCluster() throws Exception {
        SparkTests.stopLocal(); // one context per JVM
        Path home = Path.of(System.getenv().getOrDefault("SPARK_HOME", "target/spark-home")).toAbsolutePath();
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<String> folders = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                folders.add(p.toString());
            } else if (entry.endsWith(".jar") && Files.exists(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, p);
            }
        }
        sc = SparkTests.start(SparkTests.conf("local-cluster[2,1,1024]")
                .set("spark.home", home.toString())
                .set("spark.executor.extraClassPath", String.join(File.pathSeparator, folders))
                .set("spark.executor.extraJavaOptions", "-Djava.awt.headless=true -Dorg.bytedeco.javacpp.maxPhysicalBytes=0"));
    }

    @AfterAll
    static void stopCluster() {
        if (sc != null) sc.stop();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void toRgbOnTwoExecutorJvmsEqualsTheCli() throws Exception {
        // the work really runs in two other JVMs
        long driver = ProcessHandle.current().pid();
        Set<Long> pids = new TreeSet<>(sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .map(i -> ProcessHandle.current().pid()).collect());
        assertEquals(2, pids.size(), pids.toString());
        assertFalse(pids.contains(driver));

        Path in = ToRgbJobTest.copy(Path.of("../test-data/images/modes"), tmp.resolve("in"));
        String src = ToRgbJobTest.rel(in);
        String outCli = ToRgbJobTest.rel(tmp.resolve("out-cli")), outSpark = ToRgbJobTest.rel(tmp.resolve("out-spark"));
        String repCli = ToRgbJobTest.rel(tmp.resolve("cli.csv")), repSpark = ToRgbJobTest.rel(tmp.resolve("spark.csv"));
        Run cli = Run.cli("to-rgb", src, "-o", outCli, "--report", repCli);
        Run spark = Run.spark(Cluster.of(sc), "to-rgb", src, "-o", outSpark, "--report", repSpark);
        assertEquals(3, cli.exit(), cli.err());
        assertEquals(cli.exit(), spark.exit(), spark.err());
        assertEquals(cli.out(), spark.out());
        assertEquals(cli.errLines(), spark.errLines());
        assertEquals(Files.readString(Path.of(repCli)).replace(outCli, outSpark), Files.readString(Path.of(repSpark)));
        ToRgbJobTest.assertSameTree(tmp.resolve("out-cli"), tmp.resolve("out-spark"));
        assertTrue(Files.readString(Path.of(repSpark)).contains("zero.jpg"));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void predictWithAnArchivedRunOnTwoExecutorJvmsEqualsTheCli() throws Exception {
        Path run = TinyRuns.classifier(tmp.resolve("runs"));
        Path in = Files.createDirectories(tmp.resolve("images"));
        for (int i = 0; i < 6; i++) {
            javax.imageio.ImageIO.write(TinyRuns.square(24 + i, 0x30A040 + i * 0x202020), "png", in.resolve("img" + i + ".png").toFile());
        }
        TinyRuns.addBadImages(in);
        Path zip = tmp.resolve("run.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip)); var files = Files.walk(run)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                z.putNextEntry(new java.util.zip.ZipEntry(run.relativize(f).toString()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        // --archives run.zip#model: each executor unpacks it in its own folder; the driver under SparkFiles' root
        sc.sc().addArchive(zip.toAbsolutePath() + "#model");
        String images = TinyRuns.relative(in);
        Run cli = Run.cli("predict", "--model", run.toString(), "--images", images, "-o", TinyRuns.relative(tmp.resolve("cli.csv")));
        Run spark = Run.spark(Cluster.of(sc), "predict", "--model", "model", "--images", images, "-o", TinyRuns.relative(tmp.resolve("spark.csv")));
        assertEquals(3, cli.exit(), cli.err());
        assertEquals(3, spark.exit(), spark.err());
        assertEquals(Files.readString(tmp.resolve("cli.csv")), Files.readString(tmp.resolve("spark.csv")));
        assertEquals(PredictJobTest.withoutCacheLog(cli.err()).replace("cli.csv", "spark.csv"), PredictJobTest.withoutCacheLog(spark.err()));
        assertEquals(6, Files.readAllLines(tmp.resolve("spark.csv")).size());
        // each executor JVM that predicted holds one session, one core and one task each (local-cluster[2,1,...])
        List<String> caches = sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .map(i -> ProcessHandle.current().pid() + ":" + dev.cvpipe.predict.ModelCache.keys().stream()
                        .map(k -> k.threads() + "/" + k.tasks()).sorted().toList())
                .collect();
        assertTrue(caches.stream().allMatch(c -> c.endsWith(":[]") || c.endsWith(":[1/1]")), caches.toString());
        assertTrue(caches.stream().anyMatch(c -> c.endsWith(":[1/1]")), caches.toString());
        assertTrue(dev.cvpipe.predict.ModelCache.keys().isEmpty(), "the driver loaded no model");
    }
}
