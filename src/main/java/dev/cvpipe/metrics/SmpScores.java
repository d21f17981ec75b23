package dev.cvpipe.metrics;

/**
 * segmentation_models.pytorch's {@code iou_score}, {@code f1_score}, {@code precision},
 * {@code recall} and {@code accuracy} under one {@link SmpReduction}. Formulas as in smp:
 * iou = tp/(tp+fp+fn), f1 = 2tp/(2tp+fp+fn), precision = tp/(tp+fp), recall = tp/(tp+fn),
 * accuracy = (tp+tn)/(tp+fp+fn+tn), where for class c: tp = diag, fp = column − diag,
 * fn = row − diag, tn = pixels − tp − fp − fn.
 */
public record SmpScores(SmpReduction reduction, double iouScore, double f1Score, double precision,
                        double recall, double accuracy) {

    /** Score sums accumulated per image for {@link SmpReduction#MICRO_IMAGEWISE}. */
    public static final class Imagewise {
        private final double[] sums = new double[5];
        private long images;

        /** Adds one image's scores (its own matrix), 0/0 replaced by 1 as smp does. */
        public void addImage(ConfusionMatrix image) {
            long tp = image.correct();
            long n = image.total();
            long assigned = 0;
            for (int c = 0; c < image.classes(); c++) assigned += image.colSum(c);
            long fp = assigned - tp;
            long fn = n - tp;
            long tn = image.classes() * n - tp - fp - fn;
            double[] s = SmpScores.scores(tp, fp, fn, tn);
            for (int i = 0; i < s.length; i++) sums[i] += Double.isNaN(s[i]) ? 1.0 : s[i];
            images++;
        }

        public void add(Imagewise other) {
            for (int i = 0; i < sums.length; i++) sums[i] += other.sums[i];
            images += other.images;
        }

        public long images() {
            return images;
        }

        SmpScores averaged() {
            double[] m = new double[5];
            for (int i = 0; i < m.length; i++) m[i] = images == 0 ? Double.NaN : sums[i] / images;
            return new SmpScores(SmpReduction.MICRO_IMAGEWISE, m[0], m[1], m[2], m[3], m[4]);
        }
    }

    /** Micro or macro from the dataset's matrix; imagewise from the per-image sums. */
    public static SmpScores of(SmpReduction reduction, ConfusionMatrix all, Imagewise imagewise) {
        return switch (reduction) {
            case MICRO -> micro(all);
            case MACRO -> macro(all);
            case MICRO_IMAGEWISE -> imagewise.averaged();
        };
    }

    public static SmpScores micro(ConfusionMatrix m) {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        long n = m.total();
        for (int c = 0; c < m.classes(); c++) {
            long[] s = classStats(m, c, n);
            tp += s[0];
            fp += s[1];
            fn += s[2];
            tn += s[3];
        }
        double[] s = scores(tp, fp, fn, tn);
        return new SmpScores(SmpReduction.MICRO, s[0], s[1], s[2], s[3], s[4]);
    }

    public static SmpScores macro(ConfusionMatrix m) {
        long n = m.total();
        double[] sums = new double[5];
        for (int c = 0; c < m.classes(); c++) {
            long[] st = classStats(m, c, n);
            double[] s = scores(st[0], st[1], st[2], st[3]);
            for (int i = 0; i < s.length; i++) sums[i] += Double.isNaN(s[i]) ? 1.0 : s[i];
        }
        int k = m.classes();
        return new SmpScores(SmpReduction.MACRO, sums[0] / k, sums[1] / k, sums[2] / k, sums[3] / k, sums[4] / k);
    }

    private static long[] classStats(ConfusionMatrix m, int c, long n) {
        long tp = m.count(c, c);
        long fp = m.colSum(c) - tp;
        long fn = m.rowSum(c) - tp;
        return new long[] {tp, fp, fn, n - tp - fp - fn};
    }

    /** iou, f1, precision, recall, accuracy; NaN where smp's division is 0/0. */
    private static double[] scores(long tp, long fp, long fn, long tn) {
        return new double[] {
            ConfusionMatrix.ratio(tp, tp + fp + fn),
            ConfusionMatrix.ratio(2 * tp, 2 * tp + fp + fn),
            ConfusionMatrix.ratio(tp, tp + fp),
            ConfusionMatrix.ratio(tp, tp + fn),
            ConfusionMatrix.ratio(tp + tn, tp + fp + fn + tn),
        };
    }
}
