package dev.cvpipe.metrics;

import java.util.List;

/**
 * Classifier scores from a confusion matrix whose classes carry names, with scikit-learn's
 * {@code classification_report} conventions: precision, recall and F1 that are 0/0 count as 0
 * ({@code zero_division=0}); macro averages are plain means over the listed classes; F1 is
 * 2·tp/(2·tp+fp+fn). The classes listed should be those occurring in truth or prediction.
 */
public final class ClassificationReport {
    private final List<String> labels;
    private final ConfusionMatrix matrix;

    public ClassificationReport(List<String> labels, ConfusionMatrix matrix) {
        if (labels.size() != matrix.classes()) {
            throw new IllegalArgumentException(labels.size() + " labels for a " + matrix.classes() + "-class matrix");
        }
        this.labels = List.copyOf(labels);
        this.matrix = matrix;
    }

    /** Class names "0".."K-1", for training code that has only indices. */
    public static ClassificationReport of(ConfusionMatrix matrix) {
        return new ClassificationReport(
                java.util.stream.IntStream.range(0, matrix.classes()).mapToObj(Integer::toString).toList(), matrix);
    }

    public List<String> labels() {
        return labels;
    }

    public ConfusionMatrix matrix() {
        return matrix;
    }

    public long samples() {
        return matrix.total();
    }

    public double accuracy() {
        return zeroIfNaN(matrix.accuracy());
    }

    /** Samples whose truth is class k. */
    public long support(int k) {
        return matrix.rowSum(k);
    }

    public long predicted(int k) {
        return matrix.colSum(k);
    }

    public double precision(int k) {
        return zeroIfNaN(matrix.precision(k));
    }

    public double recall(int k) {
        return zeroIfNaN(matrix.recall(k));
    }

    public double f1(int k) {
        return zeroIfNaN(matrix.f1(k));
    }

    public double macroPrecision() {
        return mean(this::precision);
    }

    public double macroRecall() {
        return mean(this::recall);
    }

    public double macroF1() {
        return mean(this::f1);
    }

    /** F1 averaged with class supports as weights (scikit-learn's {@code average='weighted'}). */
    public double weightedF1() {
        long n = matrix.total();
        if (n == 0) return 0;
        double s = 0;
        for (int k = 0; k < matrix.classes(); k++) s += f1(k) * support(k);
        return s / n;
    }

    private double mean(java.util.function.IntToDoubleFunction f) {
        double s = 0;
        for (int k = 0; k < matrix.classes(); k++) s += f.applyAsDouble(k);
        return s / matrix.classes();
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
