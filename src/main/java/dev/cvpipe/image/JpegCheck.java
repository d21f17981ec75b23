package dev.cvpipe.image;

/**
 * A walk over a JPEG's marker structure, so that damaged files never reach a native libjpeg (which
 * prints its warnings on the process's stderr): the file must start with SOI, every segment must fit
 * in the file, markers must follow each other with nothing but fill bytes between them, restart
 * markers inside a scan must count 0..7 in order, and an EOI must close the last scan. Damage inside
 * the entropy-coded bits themselves cannot be seen without decoding them; it is rare outside of
 * truncation, which this catches.
 */
final class JpegCheck {
    private JpegCheck() {}

    /** The one reason given for a JPEG cut before its end, whichever path (copy, decode) finds it. */
    static final String MISSING_END = "truncated: JPEG has no end-of-image marker after its last scan";

    /**
     * True when no EOI follows the last scan header: the file was cut (Pillow refuses it as
     * truncated). FF D9 / FF DA cannot occur inside entropy-coded data, so an EOI after the last
     * scan header means the last scan is complete (trailing bytes after it are harmless).
     */
    static boolean missingEnd(byte[] d) {
        int lastSos = -1, lastEoi = -1;
        for (int i = d.length - 2; i >= 0 && lastSos < 0; i--) {
            if ((d[i] & 0xff) != 0xFF) continue;
            int m = d[i + 1] & 0xff;
            if (m == 0xD9 && lastEoi < 0) lastEoi = i;
            if (m == 0xDA) lastSos = i;
        }
        return lastSos < 0 || lastEoi < lastSos;
    }

    /** True when {@code d} is a structurally complete JPEG that a native decoder can take quietly. */
    static boolean wellFormed(byte[] d) {
        int n = d.length;
        if (n < 4 || (d[0] & 0xff) != 0xFF || (d[1] & 0xff) != 0xD8) return false;
        int p = 2;
        boolean frame = false;
        while (true) {
            if (p >= n || (d[p] & 0xff) != 0xFF) return false; // junk between segments: libjpeg warns
            while (p < n && (d[p] & 0xff) == 0xFF) p++;
            if (p >= n) return false;
            int m = d[p++] & 0xff;
            if (m == 0xD9) return frame;
            if (m == 0x00 || (m >= 0xD0 && m <= 0xD8) || m == 0x01) return false; // stray RST/SOI/TEM outside a scan
            if (p + 2 > n) return false;
            int len = (d[p] & 0xff) << 8 | (d[p + 1] & 0xff);
            if (len < 2 || p + len > n) return false;
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) frame = true;
            p += len;
            if (m == 0xDA) {
                if (!frame) return false;
                p = skipScan(d, p);
                if (p < 0) return false;
            }
        }
    }

    /**
     * For a {@link #wellFormed} file: true when its comments before the first scan survive a native
     * re-encode as Pillow's {@code save} keeps them (Pillow 9.4 writes {@code info["comment"]}, the
     * last COM segment's bytes): none, or a single non-empty one without a NUL byte, since
     * leptonica carries the comment as a C string.
     */
    static boolean commentCarriesOver(byte[] d) {
        int p = 2, comments = 0;
        while (p + 4 <= d.length) {
            while (p < d.length && (d[p] & 0xff) == 0xFF) p++;
            if (p + 3 > d.length) return false;
            int m = d[p++] & 0xff;
            if (m == 0xDA || m == 0xD9) return true;
            int len = (d[p] & 0xff) << 8 | (d[p + 1] & 0xff);
            if (m == 0xFE) {
                if (++comments > 1 || len <= 2) return false;
                for (int i = p + 2; i < p + len; i++) if (d[i] == 0) return false;
            }
            p += len;
        }
        return false;
    }

    /** The position of the marker ending the entropy-coded data that starts at {@code p}, or -1. */
    private static int skipScan(byte[] d, int p) {
        int n = d.length, nextRst = 0;
        while (p < n - 1) {
            if ((d[p] & 0xff) != 0xFF) {
                p++;
                continue;
            }
            int m = d[p + 1] & 0xff;
            if (m == 0x00) {
                p += 2;
            } else if (m == 0xFF) {
                p++; // fill byte before a marker
            } else if (m >= 0xD0 && m <= 0xD7) {
                if (m - 0xD0 != nextRst) return -1;
                nextRst = (nextRst + 1) & 7;
                p += 2;
            } else {
                return p;
            }
        }
        return -1; // the data runs to the end of the file: truncated
    }
}
