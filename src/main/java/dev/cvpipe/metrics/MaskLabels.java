package dev.cvpipe.metrics;

/**
 * How the 8-bit values of a label mask map to classes. Two conventions:
 * <ul>
 *   <li>index masks ({@code classes > 2}, or 2 with values 0/1 only): value = class, values
 *       outside 0..K−1 other than the ignore label are errors;</li>
 *   <li>binary masks ({@code classes == 2}): 0 and 1 are class indices as above, and any other
 *       value is thresholded — {@code v >= threshold} is foreground (1), below is background (0) —
 *       so 0/255 masks (seed 003's PNGs) and anti-aliased gray masks work as they are.</li>
 * </ul>
 * The ignore label, when set, wins over both: truth pixels holding it are not counted.
 */
public final class MaskLabels {
    /** {@link #classOf} result for the ignore label. */
    public static final int IGNORED = -1;
    /** {@link #classOf} result for a value that is neither a class nor the ignore label. */
    public static final int INVALID = -2;
    /** Pass as {@code ignore} for "no ignore label". */
    public static final int NO_IGNORE = -1;

    private final int classes;
    private final int ignore;
    private final int threshold;
    private final int[] classOf = new int[256];

    private MaskLabels(int classes, int ignore, int threshold) {
        if (classes == 1) throw new IllegalArgumentException("1 class is a sigmoid model's output count; score binary masks as 2 classes (background, foreground)");
        if (classes < 2 || classes > 256) throw new IllegalArgumentException("classes must be 2..256, got " + classes);
        if (ignore != NO_IGNORE && (ignore < 0 || ignore > 255)) {
            throw new IllegalArgumentException("ignore label must be 0..255, got " + ignore);
        }
        if (ignore != NO_IGNORE && ignore < classes) {
            throw new IllegalArgumentException("ignore label " + ignore + " is also a class (0.." + (classes - 1) + ")");
        }
        if (threshold < 2 || threshold > 255) throw new IllegalArgumentException("threshold must be 2..255, got " + threshold);
        this.classes = classes;
        this.ignore = ignore;
        this.threshold = threshold;
        for (int v = 0; v < 256; v++) {
            if (v == ignore) classOf[v] = IGNORED;
            else if (v < classes) classOf[v] = v;
            else if (classes == 2) classOf[v] = v >= threshold ? 1 : 0;
            else classOf[v] = INVALID;
        }
    }

    /** {@code ignore} may be {@link #NO_IGNORE}; {@code threshold} matters for 2 classes only. */
    public static MaskLabels of(int classes, int ignore, int threshold) {
        return new MaskLabels(classes, ignore, threshold);
    }

    /** K index classes, no ignore label, binary threshold 128. */
    public static MaskLabels of(int classes) {
        return new MaskLabels(classes, NO_IGNORE, 128);
    }

    public int classes() {
        return classes;
    }

    public int ignore() {
        return ignore;
    }

    public int threshold() {
        return threshold;
    }

    /** The class of an 8-bit mask value, or {@link #IGNORED} / {@link #INVALID}. */
    public int classOf(int value) {
        return classOf[value & 0xff];
    }

    /** What a value that is {@link #INVALID} should have been, for error messages. */
    public String expected() {
        return "0.." + (classes - 1) + (ignore == NO_IGNORE ? "" : " or the ignore label " + ignore);
    }
}
