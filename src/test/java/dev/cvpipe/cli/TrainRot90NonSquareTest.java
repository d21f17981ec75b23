package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.train.SplitFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rot90 turns square inputs only: on another --input it does nothing, and the run says so instead of silently. */
class TrainRot90NonSquareTest {
    @TempDir
    Path tmp;

    private CliRun train(String input, String augment) throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split-" + input), 1);
        return CliRun.of("train", "--data", split.toString(), "--model", "cnn-small", "--input", input, "--epochs", "1",
                "--threads", "1", "--augment", augment, "-o", tmp.resolve("run-" + input).toString());
    }

    @Test
    void rot90OnANonSquareInputIsAnnounced() throws Exception {
        CliRun r = train("16x24", "hflip,rot90");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("train: --augment rot90 does nothing at 16x24: a quarter turn needs a square --input"), r.err());
        CliRun square = train("16", "hflip,rot90");
        assertEquals(0, square.exit(), square.err());
        assertFalse(square.err().contains("rot90 does nothing"), square.err());
    }
}
