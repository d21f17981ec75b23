package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.train.SplitFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that ends before --swa-start says so: otherwise the user learns only later that there is no 'swa' checkpoint. */
class TrainSwaNotReachedTest {
    @TempDir
    Path tmp;

    @Test
    void swaStartAfterTheLastEpochIsAnnounced() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 1);
        CliRun r = CliRun.of("-q", "train", "--data", split.toString(), "--model", "cnn-small", "--input", "16", "--epochs", "1",
                "--threads", "1", "--swa-start", "3", "-o", tmp.resolve("run").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("train: --swa-start 3 not reached (last epoch 1): no 'swa' checkpoint"), r.err());
    }
}
