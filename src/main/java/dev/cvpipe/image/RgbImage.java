package dev.cvpipe.image;

/** 8-bit sRGB pixels, interleaved R,G,B, row-major: {@code pixels[(y*width + x)*3 + c]}. */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        if ((long) width * height * 3 != pixels.length) {
            throw new IllegalArgumentException("pixels length " + pixels.length + " != " + width + "x" + height + "x3");
        }
    }

    public int r(int x, int y) {
        return pixels[(y * width + x) * 3] & 0xff;
    }

    public int g(int x, int y) {
        return pixels[(y * width + x) * 3 + 1] & 0xff;
    }

    public int b(int x, int y) {
        return pixels[(y * width + x) * 3 + 2] & 0xff;
    }
}
