package dev.cvpipe.predict;

import dev.cvpipe.model.Precision;
import java.nio.file.Path;
import java.util.List;

/**
 * @param fillClass the class written for an image that cannot be decoded; null: leave it out (exit 3)
 * @param tta       none | flip | flip4
 * @param checkpoint which weights of each run: best | last | swa | ema
 * @param precision  the arithmetic of the graphs (checkpoints are float32 whatever it is)
 */
public record PredictOptions(List<Path> runs, Path out, Path probs, int topk, String tta, int batch,
                             String fillClass, boolean classNames, int threads, int workers, String checkpoint,
                             Precision precision) {
    /** From the best checkpoint of each run, in float32. */
    public PredictOptions(List<Path> runs, Path out, Path probs, int topk, String tta, int batch,
                          String fillClass, boolean classNames, int threads, int workers) {
        this(runs, out, probs, topk, tta, batch, fillClass, classNames, threads, workers, "best", Precision.FP32);
    }

    public PredictOptions {
        if (!Predictor.CHECKPOINTS.contains(checkpoint)) {
            throw new IllegalArgumentException("--checkpoint must be one of " + String.join(", ", Predictor.CHECKPOINTS) + ", got '" + checkpoint + "'");
        }
        if (runs.isEmpty()) throw new IllegalArgumentException("at least one --model is needed");
        if (topk < 1) throw new IllegalArgumentException("--topk must be at least 1");
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1");
        if (!List.of("none", "flip", "flip4").contains(tta)) throw new IllegalArgumentException("--tta must be none, flip or flip4, got '" + tta + "'");
    }

    /** The same options with the run folders where this JVM finds them. */
    public PredictOptions withRuns(List<Path> found) {
        return new PredictOptions(found, out, probs, topk, tta, batch, fillClass, classNames, threads, workers, checkpoint, precision);
    }
}
