package dev.cvpipe.image;

/**
 * Whether a file's compressed data can fill the size its header gives, without decoding it.
 * to-rgb copies already-RGB files as they are, and a forged or damaged header (13000x13000 over a
 * thousand bytes of data, still closed by IEND or EOI) would otherwise be passed on as good.
 *
 * <p>PNG: the image data is inflated and counted, nothing kept (bounded memory), since zlib can
 * pack a plain image into almost nothing and only inflating tells. Measured on 100 already-RGB
 * 500x375 PNGs copied by to-rgb: +0.1 s CPU (0.48 -> 0.57 s user, JVM start included), about
 * 1 ms a file; on the 450-image mixed bench set 1.94 -> 1.99 s user. Wall time was within noise.
 *
 * <p>JPEG: decoding would cost as much as the conversion to-rgb skips, so the check is a bound
 * instead. Huffman codes are at least one bit long; in a sequential scan every 8×8 block codes a
 * DC difference and at least one AC symbol (a coefficient or end-of-block), so the entropy-coded
 * data holds at least 2 bits per block; in a progressive file the first DC scan still codes every
 * block, so at least 1 bit. Counting blocks per component from the sampling factors keeps this a
 * true lower bound (interleaved scans pad to whole MCUs, never fewer blocks), so a real file never
 * fails it, while a header that claims thousands of times more blocks than the data can hold does.
 * A file cut short is already refused by the end-of-image check; this catches the forged size.
 */
final class DataLength {
    /** Adam7 passes: x start, y start, x step, y step. */
    private static final int[][] ADAM7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};

    private DataLength() {}

    /** Throws "truncated: ..." when the data cannot fill the header. */
    static void check(byte[] d, Header h) throws BadImageException {
        if (h.format == ImageFormat.PNG) PngDecoder.checkDataLength(d, pngRawSize(h));
        if (h.format == ImageFormat.JPEG) checkJpeg(d, h);
    }

    /** Bytes of filtered scanlines the header promises (one filter byte per row, per Adam7 pass when interlaced). */
    static long pngRawSize(Header h) {
        int channels = h.pngChannels();
        if (!h.pngInterlaced) return h.height * (rowBytes(h.width, channels, h.pngBitDepth) + 1);
        long total = 0;
        for (int[] p : ADAM7) {
            long pw = h.width > p[0] ? (h.width - p[0] + p[2] - 1L) / p[2] : 0;
            long ph = h.height > p[1] ? (h.height - p[1] + p[3] - 1L) / p[3] : 0;
            if (pw > 0 && ph > 0) total += ph * (rowBytes(pw, channels, h.pngBitDepth) + 1);
        }
        return total;
    }

    private static long rowBytes(long width, int channels, int depth) {
        return (width * channels * depth + 7) / 8;
    }

    private static void checkJpeg(byte[] d, Header h) throws BadImageException {
        int firstScan = firstScanData(d, h.jpegFrameEnd);
        int eoi = -1;
        for (int i = d.length - 2; i >= firstScan && eoi < 0; i--) {
            if ((d[i] & 0xff) == 0xFF && (d[i + 1] & 0xff) == 0xD9) eoi = i;
        }
        if (firstScan < 0 || eoi < 0) return; // the end-of-image check reports these
        int hMax = 1, vMax = 1;
        for (int s : h.jpegSampling) {
            hMax = Math.max(hMax, Math.max(1, s >> 4));
            vMax = Math.max(vMax, Math.max(1, s & 15));
        }
        long blocks = 0;
        for (int s : h.jpegSampling) {
            long cw = ceilDiv((long) h.width * Math.max(1, s >> 4), hMax), ch = ceilDiv((long) h.height * Math.max(1, s & 15), vMax);
            blocks += ceilDiv(cw, 8) * ceilDiv(ch, 8);
        }
        long minBits = blocks * (h.jpegProgressive ? 1 : 2);
        long haveBits = 8L * (eoi - firstScan);
        if (haveBits < minBits) {
            throw new BadImageException("truncated: JPEG data (" + (eoi - firstScan) + " bytes) cannot fill " + h.width + "x" + h.height
                    + " (at least " + ceilDiv(minBits, 8) + " bytes)");
        }
    }

    /** The offset where the first scan's entropy-coded data starts, or -1. */
    private static int firstScanData(byte[] d, int pos) {
        while (pos + 4 <= d.length) {
            if ((d[pos] & 0xff) != 0xFF) {
                pos++;
                continue;
            }
            int m = d[pos + 1] & 0xff;
            if (m == 0xFF || m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
                pos += m == 0xFF ? 1 : 2;
                continue;
            }
            int segLen = (d[pos + 2] & 0xff) << 8 | (d[pos + 3] & 0xff);
            if (m == 0xDA) return pos + 2 + segLen <= d.length ? pos + 2 + segLen : -1;
            if (m == 0xD9 || segLen < 2) return -1;
            pos += 2 + segLen;
        }
        return -1;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
