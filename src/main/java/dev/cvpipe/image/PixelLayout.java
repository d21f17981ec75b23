package dev.cvpipe.image;

/**
 * How to read a decoded raster's samples the way Pillow would.
 *
 * @param kind         what the bands mean
 * @param bits         significant bits of each band (1..16)
 * @param palette      768 bytes of RGB for {@link Kind#PALETTE} (missing entries filled with Pillow's gray ramp)
 * @param paletteAlpha 256 alpha values per palette index (tRNS / GIF transparency), or null
 * @param key          PNG tRNS colour key for gray/RGB images in raw sample units, or null
 */
record PixelLayout(Kind kind, int[] bits, byte[] palette, int[] paletteAlpha, int[] key) {
    enum Kind {
        GRAY, GRAY_ALPHA, RGB, RGBA, PALETTE,
        /** JPEG YCbCr, converted with libjpeg's integer tables. */
        YCBCR,
        /** CMYK as stored in Adobe JPEGs: 255 means no ink. Pillow inverts it on load. */
        CMYK_INVERTED,
        /** Adobe YCCK JPEG: libjpeg turns YCC into inverted CMY, K passes through. */
        YCCK,
        /** CMYK with 0 meaning no ink (TIFF). */
        CMYK
    }

    static PixelLayout of(Kind kind, int... bits) {
        return new PixelLayout(kind, bits, null, null, null);
    }

    /** Pads a palette to 256 entries with Pillow's default ramp (i, i, i). */
    static byte[] fullPalette(byte[] rgb) {
        byte[] p = new byte[768];
        for (int i = 0; i < 256; i++) p[i * 3] = p[i * 3 + 1] = p[i * 3 + 2] = (byte) i;
        if (rgb != null) System.arraycopy(rgb, 0, p, 0, Math.min(768, rgb.length / 3 * 3));
        return p;
    }
}
