package dev.cvpipe.metrics;

import dev.cvpipe.image.IndexMask;

/**
 * Counts one prediction/truth mask pair into a confusion matrix. The hot loop only histograms
 * raw (truth byte, prediction byte) pairs into 256×256 counters — no branches, no lookups —
 * and the mapping of byte values to classes, ignore label and validity is done once per image
 * on the few hundred distinct pairs. One instance per worker thread (it owns the histogram).
 */
public final class MaskCounter {
    /** Why a pair could not be counted: which side holds the offending value. */
    public record BadValue(boolean inPrediction, int value) {}

    private final MaskLabels labels;
    private final int[] pairs = new int[256 * 256];
    private final boolean[] seenTruth = new boolean[256];

    public MaskCounter(MaskLabels labels) {
        this.labels = labels;
    }

    public MaskLabels labels() {
        return labels;
    }

    /**
     * Adds the pixels of {@code pred} against {@code truth} (same size, checked by the caller)
     * to {@code into} and returns null, or returns the first value that is not a class and
     * leaves {@code into} untouched.
     */
    public BadValue count(IndexMask pred, IndexMask truth, ConfusionMatrix into) {
        if (pred.width() != truth.width() || pred.height() != truth.height()) {
            throw new IllegalArgumentException("mask sizes differ: " + pred.width() + "x" + pred.height()
                    + " vs " + truth.width() + "x" + truth.height());
        }
        if (into.classes() != labels.classes()) {
            throw new IllegalArgumentException("matrix has " + into.classes() + " classes, labels " + labels.classes());
        }
        histogram(pred.values(), truth.values());
        return fold(into);
    }

    /**
     * Masks are long runs of one (truth, prediction) pair, so count runs: a compare and a
     * register increment per pixel instead of a read-modify-write of the same counter, which
     * would serialise on store-to-load forwarding.
     */
    private void histogram(byte[] p, byte[] t) {
        int n = p.length;
        if (n == 0) return;
        int[] h = pairs;
        int key = (t[0] & 0xff) << 8 | (p[0] & 0xff);
        int run = 1;
        for (int i = 1; i < n; i++) {
            int k = (t[i] & 0xff) << 8 | (p[i] & 0xff);
            if (k == key) {
                run++;
            } else {
                h[key] += run;
                key = k;
                run = 1;
            }
        }
        h[key] += run;
    }

    /** Moves the pair histogram into {@code into} (clearing it), validating every value seen. */
    private BadValue fold(ConfusionMatrix into) {
        int[] h = pairs;
        BadValue bad = null;
        // First pass: validate, so a bad image leaves the matrix untouched.
        for (int t = 0; t < 256; t++) {
            seenTruth[t] = false;
            int base = t << 8;
            for (int p = 0; p < 256; p++) {
                if (h[base + p] == 0) continue;
                seenTruth[t] = true;
                if (bad == null && labels.classOf(t) == MaskLabels.INVALID) bad = new BadValue(false, t);
                if (bad == null && labels.classOf(p) == MaskLabels.INVALID) bad = new BadValue(true, p);
            }
        }
        long[] cells = into.cells();
        int stride = into.stride();
        int unassigned = labels.classes();
        for (int t = 0; t < 256; t++) {
            if (!seenTruth[t]) continue;
            int base = t << 8;
            int row = labels.classOf(t);
            for (int p = 0; p < 256; p++) {
                int c = h[base + p];
                if (c == 0) continue;
                h[base + p] = 0;
                if (bad != null || row < 0) continue;
                int col = labels.classOf(p);
                cells[row * stride + (col == MaskLabels.IGNORED ? unassigned : col)] += c;
            }
        }
        return bad;
    }
}
