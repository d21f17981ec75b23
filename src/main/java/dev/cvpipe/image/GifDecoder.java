package dev.cvpipe.image;

import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * The first GIF frame as Pillow shows it: LZW-decoded by hand (the JDK reader refuses code sizes
 * Pillow accepts), placed on the logical screen whose other pixels hold the transparent index or 0.
 */
final class GifDecoder {
    private GifDecoder() {}

    static ImageDecoder.Decoded decode(byte[] d, Header h) throws BadImageException {
        int fw = h.frameWidth, fh = h.frameHeight;
        byte[] frame = lzw(d, h.gifDataOffset, fw * fh);
        WritableRaster canvas = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, h.width, h.height, 1, null);
        byte[] px = ((DataBufferByte) canvas.getDataBuffer()).getData();
        Arrays.fill(px, (byte) Math.max(0, h.gifTransparentIndex));
        int[] rows = rowOrder(fh, h.gifInterlaced);
        for (int i = 0; i < fh; i++) {
            int y = h.frameY + rows[i];
            if (y >= h.height) continue;
            int n = Math.min(fw, h.width - h.frameX);
            if (n > 0) System.arraycopy(frame, i * fw, px, y * h.width + h.frameX, n);
        }
        int[] alpha = null;
        if (h.gifTransparentIndex >= 0) {
            alpha = new int[256];
            Arrays.fill(alpha, 255);
            alpha[h.gifTransparentIndex] = 0;
        }
        return new ImageDecoder.Decoded(canvas, new PixelLayout(PixelLayout.Kind.PALETTE, new int[] {8},
                PixelLayout.fullPalette(h.palette), alpha, null));
    }

    /** Frame row stored i-th belongs on row rowOrder[i]: passes 0/8, 4/8, 2/4, 1/2 when interlaced. */
    private static int[] rowOrder(int h, boolean interlaced) {
        int[] order = new int[h];
        if (!interlaced) {
            for (int i = 0; i < h; i++) order[i] = i;
            return order;
        }
        int i = 0;
        int[][] passes = {{0, 8}, {4, 8}, {2, 4}, {1, 2}};
        for (int[] p : passes) for (int y = p[0]; y < h; y += p[1]) order[i++] = y;
        return order;
    }

    /** Decodes up to {@code n} indices; a stream that ends early leaves the rest 0. */
    static byte[] lzw(byte[] d, int pos, int n) throws BadImageException {
        if (NativeCodec.available()) {
            byte[] fast = NativeCodec.gifLzw(d, pos, n); // this method in C, for speed; null where it would throw
            if (fast != null) return fast;
        }
        return lzwInJava(d, pos, n);
    }

    /** The LZW decoder; {@link NativeCodec#gifLzw} is the same lines in C. */
    static byte[] lzwInJava(byte[] d, int pos, int n) throws BadImageException {
        if (pos >= d.length) throw new BadImageException("truncated: GIF ends before its image data");
        int min = d[pos++] & 0xff;
        if (min < 1 || min > 11) throw new BadImageException("corrupt GIF: LZW code size " + min);
        byte[] out = new byte[n];
        int clear = 1 << min, eoi = clear + 1;
        int[] prefix = new int[4096];
        byte[] suffix = new byte[4096];
        byte[] stack = new byte[4097];
        for (int i = 0; i < clear; i++) suffix[i] = (byte) i;
        int size = min + 1, next = clear + 2, old = -1, first = 0, o = 0;
        int bitBuf = 0, bitCount = 0, blockLeft = 0;
        outer:
        while (o < n) {
            while (bitCount < size) {
                if (blockLeft == 0) {
                    if (pos >= d.length) break outer;
                    blockLeft = d[pos++] & 0xff;
                    if (blockLeft == 0) break outer;
                }
                if (pos >= d.length) break outer;
                bitBuf |= (d[pos++] & 0xff) << bitCount;
                bitCount += 8;
                blockLeft--;
            }
            int code = bitBuf & ((1 << size) - 1);
            bitBuf >>>= size;
            bitCount -= size;
            if (code == clear) {
                size = min + 1;
                next = clear + 2;
                old = -1;
                continue;
            }
            if (code == eoi) break;
            if (old == -1) {
                if (code >= clear) break;
                out[o++] = suffix[code];
                first = code;
                old = code;
                continue;
            }
            int in = code, sp = 0;
            if (code > next) break;
            if (code == next) {
                stack[sp++] = (byte) first;
                code = old;
            }
            while (code >= clear) {
                stack[sp++] = suffix[code];
                code = prefix[code];
            }
            first = suffix[code] & 0xff;
            stack[sp++] = (byte) first;
            while (sp > 0 && o < n) out[o++] = stack[--sp];
            if (next < 4096) {
                prefix[next] = old;
                suffix[next] = (byte) first;
                next++;
                if (next == (1 << size) && size < 12) size++;
            }
            old = in;
        }
        return out;
    }
}
