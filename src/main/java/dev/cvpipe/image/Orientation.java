package dev.cvpipe.image;

/** The --exif-transpose extra: turns pixels upright as Pillow's ImageOps.exif_transpose does. */
final class Orientation {
    private Orientation() {}

    /** Applies EXIF orientation 2..8 (1 and 0 leave the image alone). */
    static RgbImage apply(RgbImage img, int orientation) {
        if (orientation < 2 || orientation > 8) return img;
        int w = img.width(), h = img.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        byte[] src = img.pixels(), dst = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx, ny;
                switch (orientation) {
                    case 2 -> { nx = w - 1 - x; ny = y; }              // mirror
                    case 3 -> { nx = w - 1 - x; ny = h - 1 - y; }      // rotate 180
                    case 4 -> { nx = x; ny = h - 1 - y; }              // flip
                    case 5 -> { nx = y; ny = x; }                      // transpose
                    case 6 -> { nx = h - 1 - y; ny = x; }              // rotate 90 clockwise
                    case 7 -> { nx = h - 1 - y; ny = w - 1 - x; }      // transverse
                    default -> { nx = y; ny = w - 1 - x; }             // 8: rotate 90 counter-clockwise
                }
                System.arraycopy(src, (y * w + x) * 3, dst, (ny * ow + nx) * 3, 3);
            }
        }
        return new RgbImage(ow, oh, dst);
    }
}
