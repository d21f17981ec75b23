package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.testdata.SmallDisk;
import dev.cvpipe.train.SplitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk is a failed output: exit 1 and one line naming the output file, never a temp file or a trace. */
class DiskFullTest {
    @TempDir
    Path dir;

    /** A 256 KB tmpfs filled to the last byte: a real "No space left on device" (root only, else skipped). */
    private static SmallDisk full(Path at) throws Exception {
        SmallDisk disk = SmallDisk.mount(at, 256);
        try (java.io.OutputStream o = Files.newOutputStream(at.resolve("filler"))) {
            byte[] block = new byte[4096];
            while (true) o.write(block);
        } catch (java.io.IOException full) {
            return disk;
        }
    }

    private static void failsNaming(CliRun r, Path under) {
        assertEquals(ExitCode.FAILURE, r.exit(), r.err());
        String line = r.err().strip();
        assertEquals(1, line.lines().filter(l -> l.startsWith("cvpipe:")).count(), r.err());
        assertTrue(line.contains("cvpipe: error: " + under), r.err());
        assertTrue(line.endsWith(": cannot write: No space left on device"), r.err());
        assertTrue(!line.contains("cvpipe-tmp") && !line.contains("Exception") && !line.contains("\tat "), r.err());
    }

    @Test
    void splitAndAChartOnAFullDiskNameTheirOutput() throws Exception {
        try (SmallDisk full = full(dir.resolve("full"))) {
            failsNaming(CliRun.of("split", "--list", SplitFixture.MINI.resolve("train_list.txt").toString(),
                    "--images", SplitFixture.MINI.resolve("cat_12_train").toString(), "-o", full.dir().resolve("out").toString()),
                    full.dir().resolve("out"));

            Path truth = Files.writeString(dir.resolve("truth.csv"), "a.jpg,0\nb.jpg,1\n");
            CliRun chart = CliRun.of("eval", "--pred", truth.toString(), "--truth", truth.toString(), "--chart", full.dir().resolve("cm.png").toString());
            failsNaming(chart, full.dir().resolve("cm.png"));
            assertTrue(!chart.err().contains("I/O error writing PNG file"), chart.err());
        }
    }

    @Test
    void trainAndPredictOnAFullDiskNameTheirOutput() throws Exception {
        Path split = SplitFixture.make(dir.resolve("split"), 1);
        Path run = dir.resolve("run");
        String[] train = {"train", "--data", split.toString(), "--model", "cnn-small", "--input", "32", "--batch", "32", "--epochs", "1"};
        CliRun ok = CliRun.of(concat(train, "-o", run.toString()));
        assertEquals(0, ok.exit(), ok.err());
        try (SmallDisk full = full(dir.resolve("full"))) {
            Path result = full.dir().resolve("result.csv");
            failsNaming(CliRun.of("predict", "--model", run.toString(), "--images", SplitFixture.MINI.resolve("cat_12_test").toString(),
                    "-o", result.toString()), result);
            failsNaming(CliRun.of(concat(train, "-o", full.dir().resolve("run").toString())), full.dir().resolve("run"));
        }
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }
}
