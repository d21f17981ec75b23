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
                           double valScore, double lr, double seconds, double imgPerSec, Ema ema) {

    /** The validation scores of the EMA weights (train --ema) after the same epoch. */
    public record Ema(double valLoss, double valAcc, double valScore) {
        public double monitored(String monitor) {
            return new EpochMetrics(0, Double.NaN, Double.NaN, valLoss, valAcc, valScore, Double.NaN, 0, 0).monitored(monitor);
        }
    }

    /** Without EMA scores. */
    public EpochMetrics(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
                        double valScore, double lr, double seconds, double imgPerSec) {
        this(epoch, trainLoss, trainAcc, valLoss, valAcc, valScore, lr, seconds, imgPerSec, null);
    }

    public EpochMetrics withEma(Ema e) {
        return new EpochMetrics(epoch, trainLoss, trainAcc, valLoss, valAcc, valScore, lr, seconds, imgPerSec, e);
    }

    /** A task's columns with {@code ema_} twins of its validation columns inserted before the timing columns. */
    public static List<String> withEmaColumns(List<String> columns) {
        List<String> out = new java.util.ArrayList<>(columns.subList(0, columns.size() - TIMING_COLUMNS));
        for (String c : columns) if (c.startsWith("val_")) out.add("ema_" + c);
        out.addAll(columns.subList(columns.size() - TIMING_COLUMNS, columns.size()));
        return out;
    }

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
            case "ema_val_loss" -> ema == null ? "" : num(ema.valLoss());
            case "ema_val_acc" -> ema == null ? "" : num(ema.valAcc());
            case "ema_val_macro_f1", "ema_val_miou" -> ema == null ? "" : num(ema.valScore());
            default -> throw new IllegalArgumentException("no metrics column " + column);
        };
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
