package dev.cvpipe.model;

import java.util.List;

/**
 * One layer's output without the batch: channels, height, width (written C×H×W, as darknet prints it).
 * Every shape of every model is built here, so this is where sizes no tensor can hold are refused.
 */
public record Shape3(int c, int h, int w) {
    /**
     * The most values one image's tensor may hold: TensorFlow's int32 shape arithmetic, Java's
     * float[] and our buffers all stop at 2^31 - 1. Larger would wrap to negative sizes
     * (NegativeArraySizeException, negative summary totals) far from the cause.
     */
    public static final long MAX_VALUES = Integer.MAX_VALUE;

    public Shape3 {
        if (c <= 0 || h <= 0 || w <= 0) throw new IllegalArgumentException("empty output " + c + "×" + h + "×" + w);
        long size = (long) c * h; // < 2^62: cannot overflow
        if (size > MAX_VALUES || size * w > MAX_VALUES) throw new SizeLimitException(c + "×" + h + "×" + w + " is more than "
                + MAX_VALUES + " values per image (is the input size or a filters/stride value far too large?)");
    }

    public long size() {
        return (long) c * h * w;
    }

    public List<Integer> asList() {
        return List.of(c, h, w);
    }

    @Override
    public String toString() {
        return c + "×" + h + "×" + w;
    }
}
