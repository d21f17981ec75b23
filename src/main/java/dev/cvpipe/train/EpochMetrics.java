package dev.cvpipe.train;

import java.util.List;
import java.util.Locale;

/**
 * One row of metrics.csv. The deterministic columns come first; {@code seconds} and
 * {@code img_per_s} (wall-clock) are last, so two runs can be compared on all other columns.
 * Validation values are NaN when the split has no validation list. {@code valScore} is the
 * task's headline score: macro-F1 for classifiers ({@code val_macro_f1}), mIoU for segmentation
 * ({@code val_miou}); train accuracy is pixel accuracy for segmentation.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
                           double valScore, double lr, double seconds, double imgPerSec) {

    /** The classifier's metrics.csv columns. */
    public static final List<String> COLUMNS = List.of(
            "epoch", "train_loss", "train_acc", "val_loss", "val_acc", "val_macro_f1", "lr", "seconds", "img_per_s");

    /** Segmentation's metrics.csv columns. */
    public static final List<String> SEG_COLUMNS = List.of(
            "epoch", "train_loss", "val_loss", "val_miou", "val_acc", "lr", "seconds", "img_per_s");

    /** The wall-clock columns, last in the file. */
    public static final int TIMING_COLUMNS = 2;

    public double monitored(String monitor) {
        return switch (monitor) {
            case "val_f1", "val_miou" -> valScore;
            case "val_loss" -> -valLoss;
            default -> valAcc;
        };
    }

    /** A column's text as metrics.csv holds it: full precision (round-trip), empty for NaN. */
    public String value(String column) {
        return switch (column) {
            case "epoch" -> Integer.toString(epoch);
            case "train_loss" -> num(trainLoss);
            case "train_acc" -> num(trainAcc);
            case "val_loss" -> num(valLoss);
            case "val_acc" -> num(valAcc);
            case "val_macro_f1", "val_miou" -> num(valScore);
            case "lr" -> num(lr);
            case "seconds" -> String.format(Locale.ROOT, "%.3f", seconds);
            case "img_per_s" -> String.format(Locale.ROOT, "%.2f", imgPerSec);
            default -> throw new IllegalArgumentException("no metrics column " + column);
        };
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
