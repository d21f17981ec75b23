package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.report.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cnn-small (BN) at 32x32, --threads 1, --freeze-backbone 2 --backbone-lr-mult 0.5 over 3 epochs:
 * runs resumed inside the frozen phase (after epoch 1) and after it (after epoch 2) give the
 * uninterrupted run's metrics; config.json records both options; resuming with others is refused.
 */
class FreezeResumeTest {
    @TempDir
    Path tmp;

    private static TrainOptions options(Path data, Path out, int epochs, boolean resume, FineTune ft) {
        Optimizer opt = new Optimizer(Optimizer.Kind.ADAMW, 1e-3, 0.9, false, 0.9, 0.999, 1e-8);
        LrSchedule s = new LrSchedule(LrSchedule.Kind.COSINE, 0.01, 3, 2, 2, 1e-5, 1, 0.1, 0);
        return new TrainOptions(data, "cnn-small", out, 32, 32, epochs, 32, opt, s, 0, false, Augment.parse("flip"),
                ResizeMode.SQUASH, Normalization.parse("imagenet"), 0, "val_acc", 42, 1, 1, 2, resume, false, 0).withFineTune(ft);
    }

    private Trainer.Result train(Path split, Path out, int epochs, boolean resume, FineTune ft) throws Exception {
        return new Trainer(options(split, out, epochs, resume, ft), ModelLibrary.factory(), new BadInputs(false), "test").run();
    }

    @Test
    void resumeInsideAndAfterTheFrozenPhaseContinuesExactly() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 2);
        FineTune ft = new FineTune(2, 0.5);
        train(split, tmp.resolve("whole"), 3, false, ft);
        List<String> whole = DeterminismResumeTest.deterministicColumns(tmp.resolve("whole"));
        assertEquals(4, whole.size());
        String config = Files.readString(tmp.resolve("whole/config.json"));
        assertTrue(config.contains("\"freeze_backbone\" : 2") && config.contains("\"backbone_lr_mult\" : 0.5"), config);

        train(split, tmp.resolve("inside"), 1, false, ft);
        train(split, tmp.resolve("inside"), 3, true, ft);
        assertEquals(whole, DeterminismResumeTest.deterministicColumns(tmp.resolve("inside")), "resumed inside the frozen phase");

        train(split, tmp.resolve("after"), 2, false, ft);
        train(split, tmp.resolve("after"), 3, true, ft);
        assertEquals(whole, DeterminismResumeTest.deterministicColumns(tmp.resolve("after")), "resumed after the frozen phase");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(split, tmp.resolve("after"), 4, true, FineTune.NONE));
        assertTrue(e.getMessage().contains("--freeze-backbone 2"), e.getMessage());
    }
}
