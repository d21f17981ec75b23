package dev.cvpipe.train;

import java.util.List;

/**
 * One row of metrics.csv. The deterministic columns come first; {@code seconds} and
 * {@code img_per_s} (wall-clock) are last, so two runs can be compared on all other columns.
 * Validation values are NaN when the split has no validation list.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
                           double valMacroF1, double lr, double seconds, double imgPerSec) {

    public static final List<String> COLUMNS = List.of(
            "epoch", "train_loss", "train_acc", "val_loss", "val_acc", "val_macro_f1", "lr", "seconds", "img_per_s");

    /** The wall-clock columns, last in the file. */
    public static final int TIMING_COLUMNS = 2;

    public double monitored(String monitor) {
        return switch (monitor) {
            case "val_f1" -> valMacroF1;
            case "val_loss" -> -valLoss;
            default -> valAcc;
        };
    }
}
