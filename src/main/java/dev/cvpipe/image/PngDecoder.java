package dev.cvpipe.image;

import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Non-interlaced PNG straight to raw samples: inflate, unfilter, unpack. Two to three times
 * faster than going through ImageIO's reader and BufferedImage, and PNG is most of what to-rgb
 * converts. Interlaced files still go through the JDK reader. Index masks have their own entry,
 * {@link #decodeMask}, sharing the row filters.
 */
final class PngDecoder {
    private PngDecoder() {}

    static boolean handles(Header h) {
        return !h.pngInterlaced;
    }

    static Raster decode(byte[] d, Header h) throws BadImageException {
        int w = h.width, ht = h.height, depth = h.pngBitDepth;
        int channels = switch (h.pngColorType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
        int rowBytes = (int) (((long) w * channels * depth + 7) / 8);
        int bpp = Math.max(1, channels * depth / 8);
        byte[] raw = new byte[Math.multiplyExact(ht, rowBytes + 1)];
        inflate(d, raw, raw.length);
        byte[] prev = new byte[rowBytes], cur = new byte[rowBytes];
        WritableRaster r;
        byte[] out8 = null;
        short[] out16 = null;
        if (depth == 16) {
            r = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, ht, channels, null);
            out16 = ((DataBufferUShort) r.getDataBuffer()).getData();
        } else {
            r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, ht, channels, null);
            out8 = ((DataBufferByte) r.getDataBuffer()).getData();
        }
        for (int y = 0; y < ht; y++) {
            int at = y * (rowBytes + 1);
            int filter = raw[at];
            System.arraycopy(raw, at + 1, cur, 0, rowBytes);
            unfilter(filter, cur, prev, bpp);
            int rowStart = y * w * channels;
            if (depth == 8) {
                System.arraycopy(cur, 0, out8, rowStart, w * channels);
            } else if (depth == 16) {
                for (int i = 0; i < w * channels; i++) out16[rowStart + i] = (short) ((cur[2 * i] & 0xff) << 8 | (cur[2 * i + 1] & 0xff));
            } else {
                int mask = (1 << depth) - 1, perByte = 8 / depth;
                for (int x = 0; x < w; x++) {
                    int shift = 8 - depth * (x % perByte + 1);
                    out8[rowStart + x] = (byte) (((cur[x / perByte] & 0xff) >> shift) & mask);
                }
            }
            byte[] t = prev;
            prev = cur;
            cur = t;
        }
        return r;
    }

    /**
     * Reverses one row's PNG filter in place; {@code prev} is the unfiltered row above (zeros
     * for the first). Rows live in their own arrays, indexed from 0 like the row above: loops
     * over separate arrays at equal indices are what C2 vectorises (Up, most rows of a mask), and
     * the serial filters keep the left byte in a register. Each filter is its own small method:
     * the JIT compiles them separately and cheaply, which matters in a run over in a second.
     */
    private static void unfilter(int filter, byte[] cur, byte[] prev, int bpp) throws BadImageException {
        int n = cur.length;
        switch (filter) {
            case 0 -> { }
            case 1 -> {
                if (bpp == 1) subRow1(cur, n);
                else for (int i = bpp; i < n; i++) cur[i] += cur[i - bpp];
            }
            case 2 -> upRow(cur, prev, n);
            case 3 -> averageRow(cur, prev, n, bpp);
            case 4 -> {
                if (bpp == 1) paethRow1(cur, prev, n);
                else paethRow(cur, prev, n, bpp);
            }
            default -> throw new BadImageException("corrupt PNG: unknown row filter " + filter);
        }
    }

    /**
     * Checks that the image data inflates to the {@code size} bytes the header promises, keeping
     * none of them: memory stays at a 64 KB scratch buffer whatever the header claims.
     */
    static void checkDataLength(byte[] d, long size) throws BadImageException {
        inflate(d, null, size);
    }

    /** Concatenated IDAT payloads, inflated to exactly {@code size} bytes into {@code out}, or counted through a scratch buffer when it is null. */
    private static void inflate(byte[] d, byte[] out, long size) throws BadImageException {
        boolean keep = out != null;
        byte[] buf = keep ? out : new byte[1 << 16];
        Inflater inf = new Inflater();
        long got = 0;
        try {
            int pos = 8;
            while (pos + 8 <= d.length && got < size) {
                int n = (d[pos] & 0xff) << 24 | (d[pos + 1] & 0xff) << 16 | (d[pos + 2] & 0xff) << 8 | (d[pos + 3] & 0xff);
                boolean idat = d[pos + 4] == 'I' && d[pos + 5] == 'D' && d[pos + 6] == 'A' && d[pos + 7] == 'T';
                if (n < 0 || pos + 12L + n > d.length) break;
                if (idat) {
                    inf.setInput(d, pos + 8, n);
                    while (got < size && !inf.finished() && !inf.needsInput()) {
                        int k = keep ? inf.inflate(buf, (int) got, (int) (size - got))
                                : inf.inflate(buf, 0, (int) Math.min(buf.length, size - got));
                        if (k == 0 && inf.needsDictionary()) throw new BadImageException("corrupt PNG: image data needs a preset dictionary");
                        got += k;
                    }
                    if (inf.finished()) break;
                }
                pos += 12 + n;
            }
        } catch (DataFormatException e) {
            throw new BadImageException("corrupt PNG: bad compressed image data (" + e.getMessage() + ")");
        } finally {
            inf.end();
        }
        if (got < size) throw new BadImageException("truncated: PNG image data ends early (" + got + " of " + size + " bytes)");
    }

    // ---- Index masks: the fast path for what segmentation tools write ----
    //
    // Non-interlaced PNGs, 8-bit gray, 8-bit gray+alpha (gray kept) or palette of 1-8 bits
    // (indices kept), straight into an IndexMask: inflated with ZlibInflater (long
    // back-references copied in bulk, several times quicker than zlib on masks), unfiltered by
    // the same row filters as every PNG, scratch buffers reused. Same values as the full path of
    // ImageDecoder#readMask; on anything else (other colour types, 16 bits, Adam7, a malformed or
    // truncated file) it returns null and the caller takes the full path, which then reports
    // whatever is wrong.

    private static final long SIGNATURE = 0x89504E470D0A1A0AL;
    private static final int IHDR = 0x49484452, IDAT = 0x49444154, IEND = 0x49454E44;

    /** The mask, or null when the file is not a PNG this path handles. */
    static IndexMask tryReadMask(Path path, byte[] reuse) throws IOException {
        return decodeMask(dev.cvpipe.io.InputFiles.readAllBytes(path), reuse);
    }

    static IndexMask decodeMask(byte[] f) {
        return decodeMask(f, null);
    }

    /** Writes into {@code reuse} when it is exactly width×height bytes; null when not handled or malformed. */
    static IndexMask decodeMask(byte[] f, byte[] reuse) {
        try {
            return decodeOrThrow(f, reuse);
        } catch (RuntimeException | BadImageException e) {
            return null; // the full decoder decides what is wrong with it
        }
    }

    private static IndexMask decodeOrThrow(byte[] f, byte[] reuse) throws BadImageException {
        if (f.length < 33 || long64(f, 0) != SIGNATURE || int32(f, 8) != 13 || int32(f, 12) != IHDR) return null;
        if (!crcOk(f, 8, 13)) return null;
        int width = int32(f, 16), height = int32(f, 20);
        int depth = f[24], colorType = f[25], interlace = f[28];
        if (width <= 0 || height <= 0 || (long) width * height > Integer.MAX_VALUE - 16 || interlace != 0) return null;
        int channels;
        if (colorType == 3 && (depth == 1 || depth == 2 || depth == 4 || depth == 8)) channels = 1;
        else if (colorType == 0 && depth == 8) channels = 1;
        else if (colorType == 4 && depth == 8) channels = 2;
        else return null;
        int bitsPerPixel = depth * channels;
        int bpp = Math.max(1, bitsPerPixel / 8);
        long rowBytesL = ((long) width * bitsPerPixel + 7) / 8;
        long rawLen = (rowBytesL + 1) * height;
        if (rawLen > Integer.MAX_VALUE - 16) return null;
        int rowBytes = (int) rowBytesL;

        // Gather the IDAT chunks into one zlib stream (a few KiB for a mask), with the slack
        // the inflater reads ahead into.
        int zlen = 0;
        boolean ended = false;
        for (int pos = 8; pos + 12 <= f.length && !ended; ) {
            int len = int32(f, pos), type = int32(f, pos + 4);
            if (len < 0 || pos + 12L + len > f.length) return null;
            if (type == IDAT) zlen += len;
            ended = type == IEND;
            pos += 12 + len;
        }
        // Deflate cannot expand more than ~1032:1; a header claiming more is damaged (or a bomb),
        // and is not worth allocating for.
        if (rawLen > 1040L * zlen + 1024) return null;
        byte[] raw = rawBuffer((int) rawLen);
        byte[] z = new byte[zlen + 8];
        int zpos = 0;
        for (int pos = 8; zpos < zlen; ) {
            int len = int32(f, pos), type = int32(f, pos + 4);
            if (type == IDAT) {
                // The chunk CRCs stand in for zlib's Adler-32, which ZlibInflater skips: CRC-32 is
                // an intrinsic over a few KiB, Adler-32 a scalar pass over the whole image.
                if (!crcOk(f, pos, len)) return null;
                System.arraycopy(f, pos + 8, z, zpos, len);
                zpos += len;
            }
            pos += 12 + len;
        }
        if (zlen < 6) return null;
        ZlibInflater.inflate(z, zlen, raw, (int) rawLen);

        byte[] out = reuse != null && reuse.length == width * height ? reuse : new byte[width * height];
        if (bitsPerPixel == 8) {
            unfilterInto(raw, rowBytes, height, bpp, out);
        } else {
            byte[] rows = new byte[rowBytes * height];
            unfilterInto(raw, rowBytes, height, bpp, rows);
            if (channels == 2) {
                for (int i = 0, j = 0; i < out.length; i++, j += 2) out[i] = rows[j];
            } else {
                unpack(rows, rowBytes, width, height, depth, out);
            }
        }
        return new IndexMask(width, height, out);
    }

    /** Inflated rows are scratch: one buffer per thread, grown as needed, saves 256 KiB of garbage per mask. */
    private static final ThreadLocal<byte[][]> RAW = ThreadLocal.withInitial(() -> new byte[1][]);

    /** Larger scratch is not kept, so a long-lived thread that met one huge mask does not hold on to it. */
    private static final int MAX_CACHED_RAW = 16 << 20;

    private static byte[] rawBuffer(int len) {
        if (len > MAX_CACHED_RAW) return new byte[len];
        byte[][] holder = RAW.get();
        if (holder[0] == null || holder[0].length < len) holder[0] = new byte[len];
        return holder[0];
    }

    /** Reverses PNG's per-row filters: raw rows (filter byte + data) into dst rows of rowBytes. */
    private static void unfilterInto(byte[] raw, int rowBytes, int height, int bpp, byte[] dst) throws BadImageException {
        byte[] prior = new byte[rowBytes]; // zeros above the first row
        byte[] cur = new byte[rowBytes];
        for (int y = 0; y < height; y++) {
            int src = y * (rowBytes + 1);
            System.arraycopy(raw, src + 1, cur, 0, rowBytes);
            unfilter(raw[src], cur, prior, bpp);
            System.arraycopy(cur, 0, dst, y * rowBytes, rowBytes);
            byte[] t = prior;
            prior = cur;
            cur = t;
        }
    }

    private static void upRow(byte[] cur, byte[] prior, int n) {
        for (int i = 0; i < n; i++) cur[i] += prior[i];
    }

    private static void averageRow(byte[] cur, byte[] prior, int n, int bpp) {
        for (int i = 0; i < Math.min(bpp, n); i++) cur[i] += (byte) ((prior[i] & 0xff) >>> 1);
        for (int i = bpp; i < n; i++) cur[i] += (byte) (((cur[i - bpp] & 0xff) + (prior[i] & 0xff)) >>> 1);
    }

    private static void paethRow(byte[] cur, byte[] prior, int n, int bpp) {
        for (int i = 0; i < Math.min(bpp, n); i++) cur[i] += prior[i]; // no left neighbour: Paeth picks the byte above
        for (int i = bpp; i < n; i++) cur[i] += (byte) paeth(cur[i - bpp] & 0xff, prior[i] & 0xff, prior[i - bpp] & 0xff);
    }

    /** Sub for one byte per pixel: a running sum in a register, not a store reloaded each byte. */
    private static void subRow1(byte[] cur, int n) {
        int a = 0;
        for (int i = 0; i < n; i++) {
            a += cur[i];
            cur[i] = (byte) a;
        }
    }

    /** Paeth for one byte per pixel, the left byte and upper-left byte carried in registers. */
    private static void paethRow1(byte[] cur, byte[] prior, int n) {
        if (n == 0) return;
        cur[0] += prior[0]; // no left neighbour: Paeth picks the byte above
        int a = cur[0] & 0xff, c = prior[0] & 0xff;
        for (int i = 1; i < n; i++) {
            int b = prior[i] & 0xff;
            a = (cur[i] + paeth(a, b, c)) & 0xff;
            cur[i] = (byte) a;
            c = b;
        }
    }

    private static int paeth(int a, int b, int c) {
        int pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /** 1/2/4-bit palette indices, most significant bits first, one byte each. */
    private static void unpack(byte[] rows, int rowBytes, int width, int height, int depth, byte[] out) {
        int perByte = 8 / depth, mask = (1 << depth) - 1;
        for (int y = 0; y < height; y++) {
            int r = y * rowBytes, o = y * width;
            for (int x = 0; x < width; x++) {
                int b = rows[r + x / perByte] & 0xff;
                int shift = 8 - depth * (x % perByte + 1);
                out[o + x] = (byte) (b >>> shift & mask);
            }
        }
    }

    /** The CRC-32 of the chunk at {@code pos} (type and data) against the one stored after it. */
    private static boolean crcOk(byte[] f, int pos, int len) {
        CRC32 crc = new CRC32();
        crc.update(f, pos + 4, len + 4);
        return (int) crc.getValue() == int32(f, pos + 8 + len);
    }

    private static int int32(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    private static long long64(byte[] b, int i) {
        return (long) int32(b, i) << 32 | (int32(b, i + 4) & 0xffffffffL);
    }
}
