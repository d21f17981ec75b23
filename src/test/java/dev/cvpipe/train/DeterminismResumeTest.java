package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvpipe.report.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cnn-small (with BN) at 32x32, --threads 1: two runs give the same metrics.csv apart from the
 * timing columns; a run stopped after 2 epochs and resumed to 4 gives the uninterrupted run's rows.
 */
class DeterminismResumeTest {
    @TempDir
    Path tmp;

    private static TrainOptions options(Path data, Path out, int epochs, boolean resume) {
        Optimizer opt = new Optimizer(Optimizer.Kind.ADAMW, 1e-3, 0.9, false, 0.9, 0.999, 1e-8);
        LrSchedule s = new LrSchedule(LrSchedule.Kind.COSINE_RESTARTS, 0.01, epochs, 2, 2, 1e-5, 1, 0.1, 0);
        return new TrainOptions(data, "cnn-small", out, 32, 32, epochs, 32, opt, s, 0.1, true, Augment.parse(Augment.DEFAULT),
                ResizeMode.SQUASH, Normalization.parse("x3.2"), 0, "val_acc", 42, 1, 1, 2, resume, false);
    }

    static List<String> deterministicColumns(Path run) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) {
            String[] f = line.split(",", -1);
            out.add(String.join(",", java.util.Arrays.copyOf(f, f.length - EpochMetrics.TIMING_COLUMNS)));
        }
        return out;
    }

    private Trainer.Result train(Path split, Path out, int epochs, boolean resume) throws Exception {
        return new Trainer(options(split, out, epochs, resume), ModelLibrary.factory(), new BadInputs(false), "test").run();
    }

    @Test
    void sameSeedSameMetricsAndResumeContinuesExactly() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 2);
        train(split, tmp.resolve("a"), 4, false);
        train(split, tmp.resolve("b"), 4, false);
        List<String> a = deterministicColumns(tmp.resolve("a"));
        assertEquals(5, a.size());
        assertEquals(a, deterministicColumns(tmp.resolve("b")));

        Trainer.Result first = train(split, tmp.resolve("c"), 2, false);
        assertEquals(2, first.epochsDone());
        Trainer.Result resumed = train(split, tmp.resolve("c"), 4, true);
        assertEquals(4, resumed.epochsDone());
        assertEquals(a, deterministicColumns(tmp.resolve("c")), "resumed run continues the same stream");
        // The finished run re-run with --resume has nothing left to do.
        assertEquals(4, train(split, tmp.resolve("c"), 4, true).epochsDone());
    }
}
