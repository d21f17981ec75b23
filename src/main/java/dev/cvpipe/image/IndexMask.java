package dev.cvpipe.image;

/**
 * A single-channel label mask: one unsigned byte per pixel, row-major. For palette PNGs the
 * values are palette indices (not colours); for grayscale images the gray level.
 */
public record IndexMask(int width, int height, byte[] values) {
    public IndexMask {
        if ((long) width * height != values.length) {
            throw new IllegalArgumentException("values length " + values.length + " != " + width + "x" + height);
        }
    }

    public int at(int x, int y) {
        return values[y * width + x] & 0xff;
    }
}
