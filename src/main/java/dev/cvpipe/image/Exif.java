package dev.cvpipe.image;

/** The one EXIF field cvpipe uses: the orientation tag (0x0112) of IFD0. */
final class Exif {
    private Exif() {}

    /** Orientation 1..8 from a TIFF-structured EXIF block at {@code b[off..off+n)}, or 0. */
    static int orientation(byte[] b, int off, int n) {
        try {
            if (n < 8) return 0;
            boolean le = b[off] == 'I';
            int ifd = u32(b, off + 4, le);
            if (ifd < 8 || ifd + 2 > n) return 0;
            int count = u16(b, off + ifd, le);
            for (int i = 0; i < count; i++) {
                int e = off + ifd + 2 + i * 12;
                if (e + 12 > off + n) return 0;
                if (u16(b, e, le) == 0x0112) {
                    int v = u16(b, e + 8, le);
                    return v >= 1 && v <= 8 ? v : 0;
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            // A broken EXIF block is common in the wild and never a reason to reject the image.
        }
        return 0;
    }

    private static int u16(byte[] b, int o, boolean le) {
        return le ? (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 : (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
    }

    private static int u32(byte[] b, int o, boolean le) {
        return le ? (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24
                : (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
    }
}
