package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvpipe.report.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTinyTest {
    @TempDir
    Path tmp;

    static TrainOptions options(Path data, Path out, String optimizer, int epochs, int threads, boolean resume) {
        Optimizer opt = new Optimizer(Optimizer.Kind.parse(optimizer), 1e-3, 0.9, false, 0.9, 0.999, 1e-8);
        LrSchedule s = new LrSchedule(LrSchedule.Kind.COSINE_RESTARTS, 0.01, epochs, 2, 2, 1e-5, 1, 0.1, 0);
        return new TrainOptions(data, "tiny", out, 32, 32, epochs, 16, opt, s, 0.0, false, Augment.parse("flip"),
                ResizeMode.SQUASH, Normalization.parse("imagenet"), 0, "val_acc", 7, threads, threads, 2, resume, false);
    }

    @Test
    void tinyNetLearnsAndWritesTheRunFolder() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 4);
        Path run = tmp.resolve("run");
        Trainer.Result r = new Trainer(options(split, run, "adamw", 3, 2, false), TinyNet.factory(), new BadInputs(false), "test").run();
        assertEquals(3, r.epochsDone());
        assertTrue(r.history().get(2).trainLoss() < r.history().get(0).trainLoss(), "loss falls: " + r.history());
        for (String f : new String[] {"labels.txt", "config.json", "metrics.csv", "curves.svg", "checkpoints.json"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        System.err.println(Files.readString(run.resolve("metrics.csv")));
    }
}
