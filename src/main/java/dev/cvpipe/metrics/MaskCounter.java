package dev.cvpipe.metrics;

import dev.cvpipe.image.IndexMask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Counts one prediction/truth mask pair into a confusion matrix. The hot loop only histograms
 * raw (truth byte, prediction byte) pairs into 256×256 counters, by runs, with no lookups; the
 * mapping of byte values to classes, ignore label and validity is done once per image on the
 * few dozen distinct pairs. One instance per worker thread (it owns the histogram).
 */
public final class MaskCounter {
    /** Why a pair could not be counted: which side holds the offending value. */
    public record BadValue(boolean inPrediction, int value) {}

    private final MaskLabels labels;
    private final int[] pairs = new int[256 * 256];
    /** The pair keys with a non-zero count, so folding visits a few dozen cells, not 65,536. */
    private final int[] touched = new int[256 * 256];
    private int touchedCount;

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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;

    /**
     * Masks are long runs of one (truth, prediction) pair, so count runs, eight pixels at a time
     * where both masks hold the run's values across a whole 8-byte word. Per-pixel counting
     * would be a read-modify-write of the same counter over and over, serialised on
     * store-to-load forwarding.
     */
    private void histogram(byte[] p, byte[] t) {
        int n = p.length;
        if (n == 0) return;
        int tv = t[0] & 0xff, pv = p[0] & 0xff;
        long tw = tv * ONES, pw = pv * ONES;
        int run = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if ((long) LONGS.get(t, i) == tw && (long) LONGS.get(p, i) == pw) {
                run += 8;
                continue;
            }
            for (int j = i; j < i + 8; j++) {
                int a = t[j] & 0xff, b = p[j] & 0xff;
                if (a == tv && b == pv) {
                    run++;
                } else {
                    flush(tv << 8 | pv, run);
                    tv = a;
                    pv = b;
                    run = 1;
                }
            }
            tw = tv * ONES;
            pw = pv * ONES;
        }
        for (; i < n; i++) {
            int a = t[i] & 0xff, b = p[i] & 0xff;
            if (a == tv && b == pv) {
                run++;
            } else {
                flush(tv << 8 | pv, run);
                tv = a;
                pv = b;
                run = 1;
            }
        }
        flush(tv << 8 | pv, run);
    }

    private void flush(int key, int run) {
        if (pairs[key] == 0) touched[touchedCount++] = key;
        pairs[key] += run;
    }

    /** Moves the pair histogram into {@code into} (clearing it), validating every value seen. */
    private BadValue fold(ConfusionMatrix into) {
        int[] h = pairs;
        BadValue bad = null;
        // First pass: validate, so a bad image leaves the matrix untouched.
        for (int i = 0; i < touchedCount && bad == null; i++) {
            int t = touched[i] >>> 8, p = touched[i] & 0xff;
            if (labels.classOf(t) == MaskLabels.INVALID) bad = new BadValue(false, t);
            else if (labels.classOf(p) == MaskLabels.INVALID) bad = new BadValue(true, p);
        }
        long[] cells = into.cells();
        int stride = into.stride();
        int unassigned = labels.classes();
        for (int i = 0; i < touchedCount; i++) {
            int key = touched[i];
            int c = h[key];
            h[key] = 0;
            int row = labels.classOf(key >>> 8);
            if (bad != null || row < 0) continue;
            int col = labels.classOf(key & 0xff);
            cells[row * stride + (col == MaskLabels.IGNORED ? unassigned : col)] += c;
        }
        touchedCount = 0;
        return bad;
    }
}
