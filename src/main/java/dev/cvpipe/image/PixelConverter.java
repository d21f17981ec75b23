package dev.cvpipe.image;

import java.awt.image.Raster;

/**
 * Turns raw decoded samples into 8-bit RGB with the arithmetic of Pillow's {@code convert('RGB')}
 * (libImaging/Convert.c and Unpack.c), so a converted file has the bytes a Pillow loop would give.
 */
final class PixelConverter {
    private PixelConverter() {}

    // libjpeg's jdcolor.c tables (SCALEBITS 16), so YCbCr and YCCK decode exactly as libjpeg-turbo does.
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + (1 << 15)) >> 16;
            CB_B[i] = (fix(1.77200) * x + (1 << 15)) >> 16;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + (1 << 15);
        }
    }

    private static int fix(double v) {
        return (int) (v * 65536 + 0.5);
    }

    static int clip(int v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    /** Pillow's MULDIV255: a*b/255 rounded, in integers. */
    static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    /** Pillow's cmyk2rgb: R = (255-K) - C*(255-K)/255, per channel. */
    static void cmykToRgb(int c, int m, int y, int k, byte[] out, int o) {
        int nk = 255 - k;
        out[o] = (byte) clip(nk - mulDiv255(c, nk));
        out[o + 1] = (byte) clip(nk - mulDiv255(m, nk));
        out[o + 2] = (byte) clip(nk - mulDiv255(y, nk));
    }

    /** One sample to 8 bits: Pillow saturates 16-bit gray (I;16) and keeps the high byte elsewhere. */
    private static int to8(int v, int bits, boolean gray16Saturates, boolean depthScale) {
        if (bits == 8) return v;
        if (bits == 16) {
            if (depthScale) return (v * 255 + 32767) / 65535;
            return gray16Saturates ? Math.min(v, 255) : v >> 8;
        }
        if (bits > 8) return v >> (bits - 8);
        return v * 255 / ((1 << bits) - 1); // Pillow's unpackers: L;2 *85, L;4 *17, BGR;15 *255/31 (truncating)
    }

    static RgbImage convert(Raster r, PixelLayout l, DecodeOptions o) {
        int w = r.getWidth(), h = r.getHeight(), nb = r.getNumBands();
        byte[] px = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w * nb];
        int[] alpha = new int[w];
        ByteRows bytes = ByteRows.of(r);
        if (bytes != null && !o.composite() && bytes.copyRgb(l, w, h, nb, px)) return new RgbImage(w, h, px);
        short[] shorts = packedShorts(r, nb);
        for (int y = 0; y < h; y++) {
            if (bytes != null) bytes.read(y, w, nb, row);
            else if (shorts != null) for (int i = 0, at = y * w * nb; i < w * nb; i++) row[i] = shorts[at + i] & 0xffff;
            else r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            boolean anyAlpha = convertRow(l, o, row, nb, w, px, y * w * 3, alpha);
            if (anyAlpha && o.composite()) composite(px, y * w * 3, alpha, w, o.alphaBackground());
        }
        return new RgbImage(w, h, px);
    }

    /**
     * The samples of a 16-bit raster laid out band after band in each pixel, row after row with no
     * gaps (what PngDecoder makes), or null: read directly, not through Raster.getPixels, which
     * costs several calls per sample.
     */
    private static short[] packedShorts(Raster r, int nb) {
        if (!(r.getDataBuffer() instanceof java.awt.image.DataBufferUShort db) || db.getNumBanks() != 1 || db.getOffset() != 0) return null;
        if (!(r.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm) || r.getParent() != null) return null;
        if (r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0 || r.getMinX() != 0 || r.getMinY() != 0) return null;
        if (sm.getPixelStride() != nb || sm.getScanlineStride() != r.getWidth() * nb) return null;
        int[] off = sm.getBandOffsets();
        for (int b = 0; b < nb; b++) if (off[b] != b || sm.getBankIndices()[b] != 0) return null;
        return db.getData();
    }

    /** Direct reads from 8-bit interleaved rasters (most decoders' output), skipping Raster.getPixels. */
    private record ByteRows(byte[] data, int base, int pixelStride, int scanline, int[] offsets) {
        static ByteRows of(Raster r) {
            if (!(r.getDataBuffer() instanceof java.awt.image.DataBufferByte db) || db.getNumBanks() != 1) return null;
            if (!(r.getSampleModel() instanceof java.awt.image.ComponentSampleModel sm) || r.getParent() != null) return null;
            if (r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0) return null;
            for (int b = 0; b < sm.getNumBands(); b++) if (sm.getSampleSize(b) != 8 || sm.getBankIndices()[b] != 0) return null;
            return new ByteRows(db.getData(), db.getOffset(), sm.getPixelStride(), sm.getScanlineStride(), sm.getBandOffsets());
        }

        /**
         * 8-bit gray, RGB(A) and palette samples straight to RGB bytes, without the int row of the
         * general path (alpha is dropped, so it is never read). False for layouts it does not cover.
         */
        boolean copyRgb(PixelLayout l, int w, int h, int nb, byte[] px) {
            for (int b : l.bits()) if (b != 8) return false;
            PixelLayout.Kind k = l.kind();
            boolean rgb = k == PixelLayout.Kind.RGB || k == PixelLayout.Kind.RGBA;
            if (!rgb && k != PixelLayout.Kind.GRAY && k != PixelLayout.Kind.GRAY_ALPHA && k != PixelLayout.Kind.PALETTE) return false;
            if (rgb && nb < 3) return false;
            int o0 = offsets[0], o1 = rgb ? offsets[1] : 0, o2 = rgb ? offsets[2] : 0;
            boolean packed = rgb && pixelStride == 3 && o0 == 0 && o1 == 1 && o2 == 2;
            byte[] pal = l.palette();
            if (!packed && NativeCodec.available() && inBounds(w, h, rgb ? Math.max(o0, Math.max(o1, o2)) : o0)
                    && (pal == null || pal.length >= 768)) {
                NativeCodec.expandRgb(data, base, pixelStride, scanline, o0, rgb ? o1 : -1, rgb ? o2 : -1, pal, w, h, px);
                return true;
            }
            // One loop per kind, nothing decided per pixel: to-rgb runs on C1-compiled code (bin/cvpipe),
            // which does not hoist a per-pixel branch out of the loop as C2 would.
            for (int y = 0, out = 0; y < h; y++, out += w * 3) {
                int p = base + y * scanline;
                if (packed) System.arraycopy(data, p, px, out, w * 3);
                else if (rgb) rgbRow(p, w, o0, o1, o2, px, out);
                else if (pal != null) paletteRow(p, w, o0, pal, px, out);
                else grayRow(p + o0, w, px, out);
            }
            return true;
        }

        /** Whether every sample the copy reads lies inside {@code data} (the native loop does not check). */
        private boolean inBounds(int w, int h, int maxOffset) {
            long last = base + (long) (h - 1) * scanline + (long) (w - 1) * pixelStride + maxOffset;
            return w > 0 && h > 0 && base >= 0 && pixelStride > 0 && scanline > 0 && last < data.length; // offsets are >= 0 (ComponentSampleModel)
        }

        private void rgbRow(int p, int w, int o0, int o1, int o2, byte[] px, int out) {
            byte[] d = data;
            int s = pixelStride;
            for (int end = out + w * 3; out < end; out += 3, p += s) {
                px[out] = d[p + o0];
                px[out + 1] = d[p + o1];
                px[out + 2] = d[p + o2];
            }
        }

        private void paletteRow(int p, int w, int o0, byte[] pal, byte[] px, int out) {
            byte[] d = data;
            int s = pixelStride;
            for (int end = out + w * 3; out < end; out += 3, p += s) {
                int i = (d[p + o0] & 0xff) * 3;
                px[out] = pal[i];
                px[out + 1] = pal[i + 1];
                px[out + 2] = pal[i + 2];
            }
        }

        private void grayRow(int p, int w, byte[] px, int out) {
            byte[] d = data;
            int s = pixelStride;
            for (int end = out + w * 3; out < end; out += 3, p += s) {
                byte g = d[p];
                px[out] = g;
                px[out + 1] = g;
                px[out + 2] = g;
            }
        }

        void read(int y, int w, int nb, int[] row) {
            int p = base + y * scanline;
            for (int x = 0, i = 0; x < w; x++, p += pixelStride) {
                for (int b = 0; b < nb; b++) row[i++] = data[p + offsets[b]] & 0xff;
            }
        }
    }

    /** One row of samples to RGB; fills {@code alpha} and returns true when the row carries transparency. */
    private static boolean convertRow(PixelLayout l, DecodeOptions o, int[] row, int nb, int w, byte[] px, int out, int[] alpha) {
        int[] bits = l.bits();
        boolean ds = o.depthScale();
        boolean wantAlpha = o.composite();
        int[] key = l.key();
        switch (l.kind()) {
            case GRAY, GRAY_ALPHA -> {
                boolean ga = l.kind() == PixelLayout.Kind.GRAY_ALPHA;
                for (int x = 0, i = 0; x < w; x++, i += nb, out += 3) {
                    int v = bits[0] == 8 ? row[i] : to8(row[i], bits[0], !ga, ds);
                    px[out] = px[out + 1] = px[out + 2] = (byte) v;
                    if (wantAlpha) alpha[x] = ga ? to8(row[i + 1], bits[1], false, ds) : key != null && row[i] == key[0] ? 0 : 255;
                }
            }
            case RGB, RGBA -> {
                boolean eight = bits[0] == 8 && bits[1] == 8 && bits[2] == 8;
                boolean rgba = l.kind() == PixelLayout.Kind.RGBA && nb > 3;
                for (int x = 0, i = 0; x < w; x++, i += nb, out += 3) {
                    if (eight) {
                        px[out] = (byte) row[i];
                        px[out + 1] = (byte) row[i + 1];
                        px[out + 2] = (byte) row[i + 2];
                    } else {
                        px[out] = (byte) to8(row[i], bits[0], false, ds);
                        px[out + 1] = (byte) to8(row[i + 1], bits[1], false, ds);
                        px[out + 2] = (byte) to8(row[i + 2], bits[2], false, ds);
                    }
                    if (wantAlpha) {
                        alpha[x] = rgba ? to8(row[i + 3], bits[3], false, ds)
                                : key != null && row[i] == key[0] && row[i + 1] == key[1] && row[i + 2] == key[2] ? 0 : 255;
                    }
                }
            }
            case PALETTE -> {
                byte[] p = l.palette();
                int[] pa = l.paletteAlpha();
                for (int x = 0, i = 0; x < w; x++, i += nb, out += 3) {
                    int idx = (row[i] & 0xff) * 3;
                    px[out] = p[idx];
                    px[out + 1] = p[idx + 1];
                    px[out + 2] = p[idx + 2];
                    if (wantAlpha) alpha[x] = pa == null ? 255 : pa[row[i] & 0xff];
                }
            }
            case YCBCR -> {
                for (int i = 0; i < w * nb; i += nb, out += 3) {
                    int yy = row[i], cb = row[i + 1], cr = row[i + 2];
                    px[out] = (byte) clip(yy + CR_R[cr]);
                    px[out + 1] = (byte) clip(yy + ((CB_G[cb] + CR_G[cr]) >> 16));
                    px[out + 2] = (byte) clip(yy + CB_B[cb]);
                }
                return false;
            }
            default -> {
                int[] ink = new int[4];
                for (int i = 0; i < w * nb; i += nb, out += 3) {
                    inks(l.kind(), row, i, ink);
                    cmykToRgb(ink[0], ink[1], ink[2], ink[3], px, out);
                }
                return false;
            }
        }
        return wantAlpha;
    }

    /** The --alpha extra: c*a/255 + bg*(255-a)/255, rounded. */
    private static void composite(byte[] px, int out, int[] alpha, int w, int bg) {
        int[] b = {(bg >> 16) & 0xff, (bg >> 8) & 0xff, bg & 0xff};
        for (int x = 0; x < w; x++) {
            int a = alpha[x];
            if (a == 255) continue;
            for (int c = 0; c < 3; c++) {
                int o = out + x * 3 + c;
                px[o] = (byte) (((px[o] & 0xff) * a + b[c] * (255 - a) + 127) / 255);
            }
        }
    }

    /** Ink amounts (0 = none) as Pillow holds a CMYK image after loading it. */
    static void inks(PixelLayout.Kind kind, int[] row, int i, int[] ink) {
        switch (kind) {
            case CMYK -> {
                ink[0] = row[i];
                ink[1] = row[i + 1];
                ink[2] = row[i + 2];
            }
            case CMYK_INVERTED -> {
                ink[0] = 255 - row[i];
                ink[1] = 255 - row[i + 1];
                ink[2] = 255 - row[i + 2];
            }
            default -> { // YCCK: libjpeg yields C = 255 - clip(y + Cr_r), Pillow inverts it back
                int yy = row[i], cb = row[i + 1], cr = row[i + 2];
                ink[0] = clip(yy + CR_R[cr]);
                ink[1] = clip(yy + ((CB_G[cb] + CR_G[cr]) >> 16));
                ink[2] = clip(yy + CB_B[cb]);
            }
        }
        ink[3] = kind == PixelLayout.Kind.CMYK ? row[i + 3] : 255 - row[i + 3];
    }
}
