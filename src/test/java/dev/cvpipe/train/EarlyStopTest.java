package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvpipe.report.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStopTest {
    @TempDir
    Path tmp;

    @Test
    void stopsAfterNEpochsWithoutImprovementAndKeepsTheFirstAsBest() throws Exception {
        // lr 0: the weights never change, so epochs 2.. repeat epoch 1's validation numbers exactly
        // and never beat it; --early-stop 2 ends the run after epoch 3 of 10.
        Path split = SplitFixture.make(tmp.resolve("split"), 2);
        Optimizer opt = new Optimizer(Optimizer.Kind.SGD, 0, 0, false, 0.9, 0.999, 1e-8);
        LrSchedule s = new LrSchedule(LrSchedule.Kind.CONSTANT, 0, 10, 2, 2, 0, 1, 0.1, 0);
        TrainOptions o = new TrainOptions(split, "tiny", tmp.resolve("run"), 16, 16, 10, 64, opt, s, 0, false, Augment.parse("none"),
                ResizeMode.SQUASH, Normalization.parse("imagenet"), 2, "val_acc", 1, 1, 1, 2, false, false);
        Trainer.Result r = new Trainer(o, TinyNet.factory(), new BadInputs(false), "test").run();
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.epochsDone());
        assertEquals(1, r.bestEpoch());
        assertEquals(4, Files.readAllLines(tmp.resolve("run/metrics.csv")).size());
        assertTrue(Files.readString(tmp.resolve("run/checkpoints.json")).contains("\"best\" : \"epoch-0001\""));
    }
}
