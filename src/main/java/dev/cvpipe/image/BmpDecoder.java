package dev.cvpipe.image;

import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * BMP decoded exactly as Pillow's BmpImagePlugin does (palette read right after the header, RLE
 * gaps filled with index 0, 5/6-bit channels scaled by v*255/max truncating, planes ignored).
 * Hand-written because ImageIO readers differ on all of these and refuse files Pillow opens.
 */
final class BmpDecoder {
    private BmpDecoder() {}

    static ImageDecoder.Decoded decode(byte[] d, Header h) throws BadImageException {
        int offset = le32(d, 10);
        int hs = le32(d, 14);
        int w = h.width, ht = h.height;
        int bits, compression = 0, colors = 0, pos = 14 + hs, paletteEntry = 4;
        boolean topDown = false;
        long rm = 0, gm = 0, bm = 0, am = 0;
        if (hs == 12) {
            bits = le16(d, 24);
            paletteEntry = 3;
        } else {
            topDown = le32(d, 22) < 0;
            bits = le16(d, 28);
            compression = le32(d, 30);
            colors = le32(d, 46);
            if (compression == 3) {
                if (hs >= 52) {
                    rm = le32(d, 54) & 0xffffffffL;
                    gm = le32(d, 58) & 0xffffffffL;
                    bm = le32(d, 62) & 0xffffffffL;
                    if (hs >= 56) am = le32(d, 66) & 0xffffffffL;
                } else {
                    rm = le32(d, pos) & 0xffffffffL;
                    gm = le32(d, pos + 4) & 0xffffffffL;
                    bm = le32(d, pos + 8) & 0xffffffffL;
                    pos += 12;
                }
            }
        }
        if (colors == 0) colors = bits <= 8 ? 1 << bits : 0;
        if (offset == 0) offset = pos + (bits <= 8 ? paletteEntry * colors : 0);
        // Pillow: an offset pointing just past the header means the writer forgot the palette in it
        if (offset == 14 + hs && bits <= 8) offset += 4 * colors;
        int stride = ((w * bits + 31) >> 3) & ~3;
        if (bits <= 8) {
            byte[] pal = new byte[Math.min(colors, 256) * 3];
            for (int i = 0; i < pal.length / 3; i++) {
                int e = pos + i * paletteEntry;
                if (e + 3 > d.length) throw new BadImageException("truncated: BMP palette");
                pal[i * 3] = d[e + 2];
                pal[i * 3 + 1] = d[e + 1];
                pal[i * 3 + 2] = d[e];
            }
            WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, ht, 1, null);
            byte[] idx = ((DataBufferByte) r.getDataBuffer()).getData();
            if (compression == 1 || compression == 2) {
                byte[] data = rle(d, offset, w, ht, compression == 2);
                for (int y = 0; y < ht; y++) System.arraycopy(data, y * w, idx, (topDown ? y : ht - 1 - y) * w, w);
            } else {
                for (int y = 0; y < ht; y++) {
                    int src = offset + (topDown ? y : ht - 1 - y) * stride;
                    for (int x = 0; x < w; x++) {
                        int bit = x * bits;
                        int at = src + (bit >> 3);
                        if (at >= d.length) throw new BadImageException("truncated: BMP pixel data");
                        idx[y * w + x] = (byte) (((d[at] & 0xff) >> (8 - bits - (bit & 7))) & ((1 << bits) - 1));
                    }
                }
            }
            return new ImageDecoder.Decoded(r, new PixelLayout(PixelLayout.Kind.PALETTE, new int[] {8}, PixelLayout.fullPalette(pal), null, null));
        }
        boolean alpha = compression == 3 && bits == 32 && (am != 0 || (rm | gm | bm) == 0);
        int nb = alpha ? 4 : 3;
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, ht, nb, null);
        byte[] px = ((DataBufferByte) r.getDataBuffer()).getData();
        int bpp = bits / 8;
        // 16-bit: BGR;15 unless the masks say 565; 32-bit: byte positions of R, G, B, A from the masks
        boolean is565 = bits == 16 && compression == 3 && gm == 0x7E0;
        int[] at = bits == 32 && compression == 3 && (rm | gm | bm | am) != 0
                ? new int[] {maskByte(rm), maskByte(gm), maskByte(bm), maskByte(am)} : new int[] {2, 1, 0, 3};
        for (int y = 0; y < ht; y++) {
            int src = offset + (topDown ? y : ht - 1 - y) * stride;
            if (src + (long) w * bpp > d.length) throw new BadImageException("truncated: BMP pixel data");
            for (int x = 0; x < w; x++) {
                int s = src + x * bpp, o = (y * w + x) * nb;
                if (bits == 16) {
                    int p = (d[s] & 0xff) | (d[s + 1] & 0xff) << 8;
                    if (is565) {
                        px[o] = (byte) (((p >> 11) & 31) * 255 / 31);
                        px[o + 1] = (byte) (((p >> 5) & 63) * 255 / 63);
                    } else {
                        px[o] = (byte) (((p >> 10) & 31) * 255 / 31);
                        px[o + 1] = (byte) (((p >> 5) & 31) * 255 / 31);
                    }
                    px[o + 2] = (byte) ((p & 31) * 255 / 31);
                } else {
                    px[o] = d[s + at[0]];
                    px[o + 1] = d[s + at[1]];
                    px[o + 2] = d[s + at[2]];
                    if (alpha) px[o + 3] = d[s + at[3]];
                }
            }
        }
        return new ImageDecoder.Decoded(r, PixelLayout.of(alpha ? PixelLayout.Kind.RGBA : PixelLayout.Kind.RGB, 8, 8, 8, 8));
    }

    private static int maskByte(long mask) {
        for (int b = 0; b < 4; b++) if (mask == 0xFFL << (8 * b)) return b;
        return 3;
    }

    /** Pillow's BmpRleDecoder, quirks included (RLE4 absolute runs of odd length lose a pixel; delta reads 4 bytes). */
    private static byte[] rle(byte[] d, int pos, int w, int h, boolean rle4) {
        byte[] data = new byte[w * h];
        int n = 0, x = 0, total = w * h;
        while (n < total) {
            if (pos + 2 > d.length) break;
            int count = d[pos++] & 0xff, b = d[pos++] & 0xff;
            if (count != 0) {
                if (x + count > w) count = Math.max(0, w - x);
                for (int i = 0; i < count && n < total; i++) data[n++] = (byte) (rle4 ? (i % 2 == 0 ? b >> 4 : b & 15) : b);
                x += count;
            } else if (b == 0) {
                while (n % w != 0 && n < total) data[n++] = 0;
                x = 0;
            } else if (b == 1) {
                break;
            } else if (b == 2) {
                if (pos + 4 > d.length) break;
                int right = d[pos + 2] & 0xff, up = d[pos + 3] & 0xff;
                pos += 4;
                n = Math.min(total, n + right + up * w);
                x = n % w;
            } else {
                int bytes = rle4 ? b / 2 : b;
                int avail = Math.min(bytes, d.length - pos);
                for (int i = 0; i < avail && n < total; i++) {
                    int v = d[pos + i] & 0xff;
                    if (rle4) {
                        data[n++] = (byte) (v >> 4);
                        if (n < total) data[n++] = (byte) (v & 15);
                    } else {
                        data[n++] = (byte) v;
                    }
                }
                pos += avail;
                if (avail < bytes) break;
                x += b;
                if (pos % 2 != 0) pos++;
            }
        }
        return data;
    }

    private static int le16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }
}
