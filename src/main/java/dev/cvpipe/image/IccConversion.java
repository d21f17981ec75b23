package dev.cvpipe.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The --icc extra: colour-manage CMYK/YCCK and non-sRGB RGB through the embedded profile to sRGB
 * (the JDK's LittleCMS), instead of Pillow's profile-blind arithmetic.
 */
final class IccConversion {
    private IccConversion() {}

    /** sRGB pixels through the profile, or null when the profile does not apply (then Pillow's rules are used). */
    static RgbImage toSrgb(Raster r, PixelLayout l, byte[] icc, DecodeOptions o) {
        ICC_Profile profile;
        try {
            profile = ICC_Profile.getInstance(icc);
        } catch (IllegalArgumentException e) {
            return null; // an unreadable profile: fall back to the profile-blind conversion
        }
        String space = IccProfiles.colorSpace(icc);
        int w = r.getWidth(), h = r.getHeight();
        WritableRaster src;
        switch (l.kind()) {
            case CMYK, CMYK_INVERTED, YCCK -> {
                if (!space.equals("CMYK")) return null;
                src = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
                byte[] dst = ((DataBufferByte) src.getDataBuffer()).getData();
                int[] row = new int[w * r.getNumBands()];
                int[] ink = new int[4];
                for (int y = 0; y < h; y++) {
                    r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
                    for (int x = 0; x < w; x++) {
                        PixelConverter.inks(l.kind(), row, x * r.getNumBands(), ink);
                        for (int c = 0; c < 4; c++) dst[(y * w + x) * 4 + c] = (byte) ink[c];
                    }
                }
            }
            case RGB, RGBA, PALETTE, YCBCR -> {
                if (!space.equals("RGB") || IccProfiles.description(icc).toLowerCase(java.util.Locale.ROOT).contains("srgb")) return null;
                RgbImage plain = PixelConverter.convert(r, l, o);
                src = Raster.createInterleavedRaster(new DataBufferByte(plain.pixels(), plain.pixels().length), w, h, w * 3, 3,
                        new int[] {0, 1, 2}, null);
            }
            default -> {
                return null;
            }
        }
        WritableRaster out = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 3, null);
        ICC_Profile srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB);
        new ColorConvertOp(new ICC_Profile[] {profile, srgb}, null).filter(src, out);
        return new RgbImage(w, h, ((DataBufferByte) out.getDataBuffer()).getData());
    }
}
