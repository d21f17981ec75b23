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
        int channels = h.pngChannels();
        int rowBytes = (int) (((long) w * channels * depth + 7) / 8);
        int bpp = Math.max(1, channels * depth / 8);
        // The rows from C (zlib + the filters at native speed) where the shim is built; null on
        // anything wrong, and the loop below then inflates and unfilters them itself and says what.
        byte[] rows = NativeCodec.available() ? NativeCodec.pngRows(d, rowBytes, ht, bpp) : null;
        if (rows != null && depth == 8) {
            // 8-bit rows are the raster's samples as they are
            int[] offsets = new int[channels];
            for (int c = 0; c < channels; c++) offsets[c] = c;
            return Raster.createInterleavedRaster(new DataBufferByte(rows, rows.length), w, ht, rowBytes, channels, offsets, null);
        }
        byte[] raw = rows != null ? null : new byte[Math.multiplyExact(ht, rowBytes + 1)];
        if (raw != null) inflate(d, raw, raw.length);
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
            if (raw == null) {
                System.arraycopy(rows, y * rowBytes, cur, 0, rowBytes);
            } else {
                int at = y * (rowBytes + 1);
                System.arraycopy(raw, at + 1, cur, 0, rowBytes);
                unfilter(raw[at], cur, prev, bpp);
            }
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
                else if (bpp == 3) paethRow3(cur, prev, n);
                else if (bpp == 4) paethRow4(cur, prev, n);
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

    /**
     * Paeth's predictor without branches, written out in each loop: on photos its comparisons go
     * either way at random, and C1 (the only JIT of short runs, see bin/cvpipe) inlines no method
     * this size. For 3 and 4 bytes per pixel each channel's left and upper-left bytes stay in
     * registers and the channels interleave; the byte-at-a-time loop waited on the byte it had
     * just stored. Paeth rows were most of an RGBA PNG's decode time.
     */
    private static void paethRow(byte[] cur, byte[] prior, int n, int bpp) {
        for (int i = 0; i < Math.min(bpp, n); i++) cur[i] += prior[i]; // no left neighbour: Paeth picks the byte above
        for (int i = bpp; i < n; i++) {
            int a = cur[i - bpp] & 0xff, b = prior[i] & 0xff, c = prior[i - bpp] & 0xff;
            int p = b - c, q = a - c, r = p + q; // |p|, |q|, |r|: distances of a + b - c to a, b, c
            int pa = (p ^ p >> 31) - (p >> 31), pb = (q ^ q >> 31) - (q >> 31), pc = (r ^ r >> 31) - (r >> 31);
            int notA = (pb - pa | pc - pa) >> 31; // -1 unless pa <= pb and pa <= pc
            int bc = b ^ (b ^ c) & (pc - pb) >> 31; // c when pc < pb, else b
            cur[i] += (byte) (a ^ (a ^ bc) & notA);
        }
    }

    private static void paethRow3(byte[] cur, byte[] prior, int n) {
        if (n < 3) {
            paethRow(cur, prior, n, 3);
            return;
        }
        int a0 = (cur[0] += prior[0]) & 0xff, a1 = (cur[1] += prior[1]) & 0xff, a2 = (cur[2] += prior[2]) & 0xff;
        int c0 = prior[0] & 0xff, c1 = prior[1] & 0xff, c2 = prior[2] & 0xff;
        for (int i = 3; i + 2 < n; i += 3) {
            int b0 = prior[i] & 0xff, b1 = prior[i + 1] & 0xff, b2 = prior[i + 2] & 0xff;
            int p0 = b0 - c0, q0 = a0 - c0, r0 = p0 + q0, p1 = b1 - c1, q1 = a1 - c1, r1 = p1 + q1, p2 = b2 - c2, q2 = a2 - c2, r2 = p2 + q2;
            int pa0 = (p0 ^ p0 >> 31) - (p0 >> 31), pb0 = (q0 ^ q0 >> 31) - (q0 >> 31), pc0 = (r0 ^ r0 >> 31) - (r0 >> 31);
            int pa1 = (p1 ^ p1 >> 31) - (p1 >> 31), pb1 = (q1 ^ q1 >> 31) - (q1 >> 31), pc1 = (r1 ^ r1 >> 31) - (r1 >> 31);
            int pa2 = (p2 ^ p2 >> 31) - (p2 >> 31), pb2 = (q2 ^ q2 >> 31) - (q2 >> 31), pc2 = (r2 ^ r2 >> 31) - (r2 >> 31);
            int bc0 = b0 ^ (b0 ^ c0) & (pc0 - pb0) >> 31, bc1 = b1 ^ (b1 ^ c1) & (pc1 - pb1) >> 31, bc2 = b2 ^ (b2 ^ c2) & (pc2 - pb2) >> 31;
            a0 = (cur[i] + (a0 ^ (a0 ^ bc0) & (pb0 - pa0 | pc0 - pa0) >> 31)) & 0xff;
            a1 = (cur[i + 1] + (a1 ^ (a1 ^ bc1) & (pb1 - pa1 | pc1 - pa1) >> 31)) & 0xff;
            a2 = (cur[i + 2] + (a2 ^ (a2 ^ bc2) & (pb2 - pa2 | pc2 - pa2) >> 31)) & 0xff;
            cur[i] = (byte) a0;
            cur[i + 1] = (byte) a1;
            cur[i + 2] = (byte) a2;
            c0 = b0;
            c1 = b1;
            c2 = b2;
        }
    }

    private static void paethRow4(byte[] cur, byte[] prior, int n) {
        if (n < 4) {
            paethRow(cur, prior, n, 4);
            return;
        }
        int a0 = (cur[0] += prior[0]) & 0xff, a1 = (cur[1] += prior[1]) & 0xff, a2 = (cur[2] += prior[2]) & 0xff, a3 = (cur[3] += prior[3]) & 0xff;
        int c0 = prior[0] & 0xff, c1 = prior[1] & 0xff, c2 = prior[2] & 0xff, c3 = prior[3] & 0xff;
        for (int i = 4; i + 3 < n; i += 4) {
            int b0 = prior[i] & 0xff, b1 = prior[i + 1] & 0xff, b2 = prior[i + 2] & 0xff, b3 = prior[i + 3] & 0xff;
            int p0 = b0 - c0, q0 = a0 - c0, r0 = p0 + q0, p1 = b1 - c1, q1 = a1 - c1, r1 = p1 + q1;
            int p2 = b2 - c2, q2 = a2 - c2, r2 = p2 + q2, p3 = b3 - c3, q3 = a3 - c3, r3 = p3 + q3;
            int pa0 = (p0 ^ p0 >> 31) - (p0 >> 31), pb0 = (q0 ^ q0 >> 31) - (q0 >> 31), pc0 = (r0 ^ r0 >> 31) - (r0 >> 31);
            int pa1 = (p1 ^ p1 >> 31) - (p1 >> 31), pb1 = (q1 ^ q1 >> 31) - (q1 >> 31), pc1 = (r1 ^ r1 >> 31) - (r1 >> 31);
            int pa2 = (p2 ^ p2 >> 31) - (p2 >> 31), pb2 = (q2 ^ q2 >> 31) - (q2 >> 31), pc2 = (r2 ^ r2 >> 31) - (r2 >> 31);
            int pa3 = (p3 ^ p3 >> 31) - (p3 >> 31), pb3 = (q3 ^ q3 >> 31) - (q3 >> 31), pc3 = (r3 ^ r3 >> 31) - (r3 >> 31);
            int bc0 = b0 ^ (b0 ^ c0) & (pc0 - pb0) >> 31, bc1 = b1 ^ (b1 ^ c1) & (pc1 - pb1) >> 31;
            int bc2 = b2 ^ (b2 ^ c2) & (pc2 - pb2) >> 31, bc3 = b3 ^ (b3 ^ c3) & (pc3 - pb3) >> 31;
            a0 = (cur[i] + (a0 ^ (a0 ^ bc0) & (pb0 - pa0 | pc0 - pa0) >> 31)) & 0xff;
            a1 = (cur[i + 1] + (a1 ^ (a1 ^ bc1) & (pb1 - pa1 | pc1 - pa1) >> 31)) & 0xff;
            a2 = (cur[i + 2] + (a2 ^ (a2 ^ bc2) & (pb2 - pa2 | pc2 - pa2) >> 31)) & 0xff;
            a3 = (cur[i + 3] + (a3 ^ (a3 ^ bc3) & (pb3 - pa3 | pc3 - pa3) >> 31)) & 0xff;
            cur[i] = (byte) a0;
            cur[i + 1] = (byte) a1;
            cur[i + 2] = (byte) a2;
            cur[i + 3] = (byte) a3;
            c0 = b0;
            c1 = b1;
            c2 = b2;
            c3 = b3;
        }
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
            int p = b - c, q = a - c, r = p + q; // |p|, |q|, |r|: distances of a + b - c to a, b, c
            int pa = (p ^ p >> 31) - (p >> 31), pb = (q ^ q >> 31) - (q >> 31), pc = (r ^ r >> 31) - (r >> 31);
            int notA = (pb - pa | pc - pa) >> 31; // -1 unless pa <= pb and pa <= pc
            int bc = b ^ (b ^ c) & (pc - pb) >> 31; // c when pc < pb, else b
            a = (cur[i] + (a ^ (a ^ bc) & notA)) & 0xff;
            cur[i] = (byte) a;
            c = b;
        }
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
