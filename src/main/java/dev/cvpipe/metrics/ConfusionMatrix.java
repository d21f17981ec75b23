package dev.cvpipe.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Counts of (truth, prediction) pairs over K classes, the one accumulator behind every metric in
 * cvpipe: segmentation pixels, classifier images, per-epoch validation in training.
 *
 * <p>Besides the K×K cells each truth row has one extra cell, "unassigned": the prediction was
 * the ignore label (e.g. a void pixel predicted where the truth has a class). Such a pixel is a
 * miss for its true class (it counts in the row sum) but a hit for no class (not in any column
 * sum) — what segmentation_models.pytorch's {@code get_stats} does with it. Truth values equal
 * to the ignore label are never counted at all.
 *
 * <p>Not thread-safe: give each worker its own matrix and {@link #add(ConfusionMatrix)} them.
 * Serialisable: a Spark executor sends its pairs' counts to the driver, which adds them.
 */
public final class ConfusionMatrix implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int classes;
    /** Row-major, {@code classes + 1} columns; the last column is "unassigned". */
    private final long[] cells;

    public ConfusionMatrix(int classes) {
        if (classes < 1) throw new IllegalArgumentException("need at least one class, got " + classes);
        this.classes = classes;
        this.cells = new long[classes * (classes + 1)];
    }

    public int classes() {
        return classes;
    }

    /** The row stride of {@link #cells()}: {@code classes + 1}. */
    public int stride() {
        return classes + 1;
    }

    /** The raw counts, row-major with {@link #stride()} columns; hot loops add into it directly. */
    long[] cells() {
        return cells;
    }

    /** Counts one sample; {@code pred} may be {@link #UNASSIGNED} (predicted the ignore label). */
    public void add(int truth, int pred) {
        checkClass(truth, "truth");
        if (pred != UNASSIGNED) checkClass(pred, "prediction");
        cells[truth * stride() + (pred == UNASSIGNED ? classes : pred)]++;
    }

    /** Marks a prediction of no class for {@link #add(int, int)}. */
    public static final int UNASSIGNED = -1;

    /**
     * Counts parallel arrays of class indices, skipping pairs whose truth equals {@code ignore}
     * (pass a negative value for "no ignore label"); a prediction equal to {@code ignore} is
     * counted as unassigned.
     */
    public void addAll(int[] truth, int[] pred, int ignore) {
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " values, prediction " + pred.length);
        }
        for (int i = 0; i < truth.length; i++) {
            if (ignore >= 0 && truth[i] == ignore) continue;
            add(truth[i], ignore >= 0 && pred[i] == ignore ? UNASSIGNED : pred[i]);
        }
    }

    public void add(ConfusionMatrix other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("cannot add a " + other.classes + "-class matrix to a " + classes + "-class one");
        }
        for (int i = 0; i < cells.length; i++) cells[i] += other.cells[i];
    }

    public void clear() {
        Arrays.fill(cells, 0);
    }

    public long count(int truth, int pred) {
        return cells[truth * stride() + pred];
    }

    /** Samples of class {@code truth} predicted as the ignore label. */
    public long unassigned(int truth) {
        return cells[truth * stride() + classes];
    }

    /** Samples whose truth is {@code truth}, including unassigned predictions. */
    public long rowSum(int truth) {
        long s = 0;
        for (int j = 0, o = truth * stride(); j <= classes; j++) s += cells[o + j];
        return s;
    }

    /** Samples predicted as {@code pred}. */
    public long colSum(int pred) {
        long s = 0;
        for (int i = 0; i < classes; i++) s += cells[i * stride() + pred];
        return s;
    }

    /** All counted samples (ignored truth excluded, unassigned predictions included). */
    public long total() {
        long s = 0;
        for (long c : cells) s += c;
        return s;
    }

    /** The trace: samples predicted correctly. */
    public long correct() {
        long s = 0;
        for (int k = 0; k < classes; k++) s += cells[k * stride() + k];
        return s;
    }

    /** The K×K counts, rows = truth, columns = prediction (unassigned left out). */
    public long[][] toArray() {
        long[][] m = new long[classes][classes];
        for (int i = 0; i < classes; i++) System.arraycopy(cells, i * stride(), m[i], 0, classes);
        return m;
    }

    /** tp / row sum; NaN when the class never occurs in the truth. */
    public double recall(int k) {
        return ratio(count(k, k), rowSum(k));
    }

    /** tp / column sum; NaN when the class is never predicted. */
    public double precision(int k) {
        return ratio(count(k, k), colSum(k));
    }

    /** tp / (row + column − tp); NaN when the class is absent from both truth and prediction. */
    public double iou(int k) {
        long tp = count(k, k);
        return ratio(tp, rowSum(k) + colSum(k) - tp);
    }

    /** 2·tp / (row + column), equal to 2PR/(P+R) where both are defined; NaN when the class is absent from both. */
    public double f1(int k) {
        return ratio(2 * count(k, k), rowSum(k) + colSum(k));
    }

    /** trace / total; NaN for an empty matrix. */
    public double accuracy() {
        return ratio(correct(), total());
    }

    private void checkClass(int k, String what) {
        if (k < 0 || k >= classes) {
            throw new IllegalArgumentException(what + " class " + k + " outside 0.." + (classes - 1));
        }
    }

    static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }
}
