package dev.cvpipe.train;

import dev.cvpipe.image.IndexMask;

/**
 * How mask files map to training labels and back. Binary ({@code classes = 1}): a value at or
 * above {@code threshold} (128) is foreground 1, below it background 0 ({@code invert} swaps them,
 * seed 003's {@code 255 - mask}); predictions are written 0/255. Multi-class: the value is the
 * class index (palette PNGs by index); predictions are written as indices. A value equal to
 * {@code ignore} (negative: none) becomes {@link SegLoss#IGNORE} and counts nowhere.
 */
public record SegLabels(int classes, int threshold, boolean invert, int ignore) {
    public SegLabels {
        if (classes < 1 || classes > 255) throw new IllegalArgumentException("--classes must be 1 (binary) .. 255, got " + classes);
        if (ignore > 255) throw new IllegalArgumentException("--ignore must be a mask value 0..255");
        if (classes > 1 && ignore >= 0 && ignore < classes) {
            throw new IllegalArgumentException("--ignore " + ignore + " is a class index (classes are 0.." + (classes - 1) + ")");
        }
    }

    public boolean binary() {
        return classes == 1;
    }

    /** Confusion-matrix classes: background and foreground for binary, else {@code classes}. */
    public int metricClasses() {
        return binary() ? 2 : classes;
    }

    /**
     * Labels of a mask resized (nearest neighbour) to {@code h x w}: one byte per pixel holding
     * 0..classes-1 or {@link SegLoss#IGNORE}.
     *
     * @throws IllegalArgumentException naming the first value that is neither a class nor ignore
     */
    public byte[] labels(IndexMask mask, int h, int w) {
        byte[] out = new byte[h * w];
        for (int y = 0; y < h; y++) {
            int sy = nearest(y, mask.height(), h);
            for (int x = 0; x < w; x++) {
                int v = mask.at(nearest(x, mask.width(), w), sy);
                out[y * w + x] = (byte) label(v);
            }
        }
        return out;
    }

    int label(int v) {
        if (v == ignore) return SegLoss.IGNORE;
        if (binary()) return (v >= threshold) != invert ? 1 : 0;
        if (v >= classes) {
            throw new IllegalArgumentException("mask value " + v + " is not a class 0.." + (classes - 1)
                    + (ignore >= 0 ? " or the ignore value " + ignore : " (pass --ignore for void pixels)"));
        }
        return v;
    }

    /**
     * The value written for predicted class {@code c}: for binary 255 for foreground and 0 for
     * background, in the training masks' convention (swapped with {@code invert}); the index otherwise.
     */
    public int outputValue(int c) {
        return binary() ? ((c == 1) != invert ? 255 : 0) : c;
    }

    /** The mask convention a segmentation run was trained with (its config.json). */
    public static SegLabels of(RunConfig c) {
        java.util.Map<String, Object> t = c.training() == null ? java.util.Map.of() : c.training();
        if (!"segmentation".equals(t.get("task"))) {
            throw new IllegalArgumentException("not a segmentation run (train it with 'cvpipe seg train')");
        }
        Object ignore = t.get("ignore");
        return new SegLabels(c.classes(), ((Number) t.getOrDefault("mask_threshold", 128)).intValue(),
                Boolean.TRUE.equals(t.get("invert_mask")), ignore instanceof Number n ? n.intValue() : -1);
    }

    /** Nearest-neighbour source index of destination {@code d} (pixel centres, as PIL's NEAREST). */
    public static int nearest(int d, int srcSize, int dstSize) {
        return Math.min((int) ((d + 0.5) * srcSize / dstSize), srcSize - 1);
    }
}
