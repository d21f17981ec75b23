package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.model.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --precision through the CLI on the bundled cat-12-shaped set: a bf16-trained model learns as the
 * fp32 one does, and checkpoints are interchangeable (a bf16 run predicts in fp32 and the other way).
 */
class PrecisionCliTest {
    static final Path MINI = Path.of("test-data/cat12-mini");

    @TempDir
    Path tmp;

    @Test
    void unknownPrecisionIsAUsageError() {
        CliRun r = CliRun.of("predict", "--model", tmp.toString(), "--images", tmp.toString(), "-o", tmp.resolve("r.csv").toString(),
                "--precision", "fp8");
        assertEquals(2, r.exit());
        assertEquals("cvpipe: --precision must be fp32, bf16 or fp16, got 'fp8'", r.err().strip());
    }

    @Test
    void fp16WithoutAGpuIsOneLineAndExit1() {
        CliRun r = CliRun.of("predict", "--model", tmp.toString(), "--images", tmp.toString(), "-o", tmp.resolve("r.csv").toString(),
                "--precision", "fp16");
        assertEquals(1, r.exit());
        assertEquals("cvpipe: --precision fp16 runs on a GPU only (--device gpu with the -Pgpu build); on a CPU use bf16", r.err().strip());
    }

    @Test
    void bf16TrainsAsWellAndCheckpointsWorkInEitherPrecision() throws Exception {
        Assumptions.assumeTrue(bf16Here(), "no bf16 on this CPU");
        Path split = tmp.resolve("split");
        assertEquals(0, CliRun.of("split", "--list", MINI.resolve("train_list.txt").toString(), "--images",
                MINI.resolve("cat_12_train").toString(), "--val", "0.2", "--seed", "1", "-o", split.toString()).exit());
        Path run = tmp.resolve("run");
        CliRun t = CliRun.of("train", "--data", split.toString(), "--model", "cnn-small", "--input", "64", "--epochs", "20",
                "--batch", "16", "--lr", "0.01", "--augment", "flip,vflip,rot90", "--seed", "0", "--precision", "bf16",
                "-o", run.toString(), "--csv");
        assertEquals(0, t.exit(), t.err());
        double valAcc = Double.parseDouble(t.out().strip().split("\n")[1].split(",")[4]);
        assertTrue(valAcc >= 0.9, "bf16 best val accuracy " + valAcc);

        Path fp32 = tmp.resolve("fp32.csv"), bf16 = tmp.resolve("bf16.csv");
        Path test = MINI.resolve("cat_12_test");
        assertEquals(0, CliRun.of("predict", "--model", run.toString(), "--images", test.toString(), "-o", fp32.toString()).exit());
        assertEquals(0, CliRun.of("predict", "--model", run.toString(), "--images", test.toString(), "-o", bf16.toString(),
                "--precision", "bf16").exit());
        List<String> a = Files.readAllLines(fp32), b = Files.readAllLines(bf16);
        assertEquals(24, a.size());
        int same = 0;
        for (int i = 0; i < a.size(); i++) if (a.get(i).equals(b.get(i))) same++;
        assertTrue(same >= 23, "bf16 and fp32 predictions agree on " + same + "/24 images");
    }

    private static boolean bf16Here() {
        try {
            Precision.BF16.requireSupported("cpu");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
