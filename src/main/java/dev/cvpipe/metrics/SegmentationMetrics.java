package dev.cvpipe.metrics;

/**
 * The metric block of seed 003 (FCN's {@code label_accuracy_score} conventions), from one
 * confusion matrix over all pixels of all images:
 * <ul>
 *   <li>{@code acc} = trace / total;</li>
 *   <li>{@code accCls} = nanmean over classes of diag / row sum (recall; classes absent from the
 *       truth are left out);</li>
 *   <li>{@code iou[k]} = diag / (row + column − diag), NaN for a class absent from both truth and
 *       prediction; {@code miou} = nanmean(iou);</li>
 *   <li>{@code fwavacc} = Σ freq·iou over classes with freq = row / total > 0;</li>
 *   <li>per-class {@code recall}, {@code precision}, {@code f1} (NaN where undefined) and their
 *       nan-means;</li>
 *   <li>{@code classRecall} and {@code f1Score}: with 2 classes the foreground's (class 1) recall
 *       and F1, as seed 003 prints them (scikit-learn's default {@code average='binary'}: its
 *       printed 0.8411 is exactly 2·iou₁/(1+iou₁) of its iou₁ = 0.7258); with more classes the
 *       mean over the classes present in the truth (macro), both of them: a class only predicted
 *       has recall 0/0 and F1 0, and is left out of both means alike.</li>
 * </ul>
 */
public record SegmentationMetrics(
        double acc,
        double accCls,
        double[] iou,
        double miou,
        double fwavacc,
        double[] recall,
        double[] precision,
        double[] f1,
        double classRecall,
        double f1Score) {

    public static SegmentationMetrics of(ConfusionMatrix m) {
        int k = m.classes();
        double[] iou = new double[k];
        double[] recall = new double[k];
        double[] precision = new double[k];
        double[] f1 = new double[k];
        long total = m.total();
        double fwavacc = 0;
        for (int c = 0; c < k; c++) {
            iou[c] = m.iou(c);
            recall[c] = m.recall(c);
            precision[c] = m.precision(c);
            f1[c] = m.f1(c);
            long row = m.rowSum(c);
            if (row > 0) fwavacc += (double) row / total * iou[c];
        }
        boolean binary = k == 2;
        double[] f1InTruth = new double[k];
        for (int c = 0; c < k; c++) f1InTruth[c] = m.rowSum(c) > 0 ? f1[c] : Double.NaN;
        return new SegmentationMetrics(
                m.accuracy(),
                nanMean(recall),
                iou,
                nanMean(iou),
                total == 0 ? Double.NaN : fwavacc,
                recall,
                precision,
                f1,
                binary ? recall[1] : nanMean(recall),
                binary ? f1[1] : nanMean(f1InTruth));
    }

    public double meanRecall() {
        return nanMean(recall);
    }

    public double meanPrecision() {
        return nanMean(precision);
    }

    public double meanF1() {
        return nanMean(f1);
    }

    /** Mean of the non-NaN values (numpy's nanmean); NaN when there are none. */
    public static double nanMean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
