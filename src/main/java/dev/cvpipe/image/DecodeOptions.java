package dev.cvpipe.image;

import java.util.Locale;

/**
 * How {@link ImageDecoder#readRgb(java.nio.file.Path, DecodeOptions)} departs from Pillow's
 * {@code convert('RGB')}. {@link #PILLOW} (all off) reproduces Pillow byte for byte.
 *
 * @param alphaBackground 0xRRGGBB to composite alpha over, or -1 to drop alpha as Pillow does
 * @param icc             convert through the embedded ICC profile to sRGB (CMYK/YCCK, non-sRGB RGB, gray)
 * @param exifTranspose   rotate/flip by the EXIF orientation tag
 * @param depthScale      map 16-bit samples 0..65535 to 0..255 (instead of Pillow's saturate / high byte)
 * @param maxPixels       refuse images whose header claims more pixels than this (decompression bombs)
 */
public record DecodeOptions(int alphaBackground, boolean icc, boolean exifTranspose, boolean depthScale, long maxPixels)
        implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Pillow's {@code Image.MAX_IMAGE_PIXELS}. */
    public static final long DEFAULT_MAX_PIXELS = 178_956_970L;
    public static final DecodeOptions PILLOW = new DecodeOptions(-1, false, false, false, DEFAULT_MAX_PIXELS);

    public boolean composite() {
        return alphaBackground >= 0;
    }

    public DecodeOptions withMaxPixels(long max) {
        return new DecodeOptions(alphaBackground, icc, exifTranspose, depthScale, max);
    }

    /** True when these options can change pixels of an image that is already plain 8-bit RGB. */
    public boolean touchesRgb8(ImageInfo info) {
        return (exifTranspose && info.exifOrientation() > 1) || (icc && info.iccProfile() != null);
    }

    /** Parses {@code white}, {@code black} or {@code #rrggbb}. */
    public static int parseBackground(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("white")) return 0xFFFFFF;
        if (v.equals("black")) return 0x000000;
        if (v.matches("#[0-9a-f]{6}")) return Integer.parseInt(v.substring(1), 16);
        throw new IllegalArgumentException("alpha background must be white, black or #rrggbb, not '" + s + "'");
    }
}
