package dev.cvpipe.image;

import java.nio.file.Path;

/**
 * What a file's header says about it, read without decoding pixels (unless asked for a deep check).
 *
 * @param path              the file
 * @param format            real format from the magic bytes ("JPEG", "PNG", ...), or null when unknown
 * @param extensionMismatch the file name's extension belongs to another format (or none)
 * @param mode              Pillow-style mode: 1, L, LA, P, PA, RGB, RGBA, CMYK, YCCK, I;16, I;16A; null if unknown
 * @param width             pixels, 0 when unknown
 * @param height            pixels, 0 when unknown
 * @param bitsPerSample     bits per sample (palette images: bits per index), 0 when unknown
 * @param iccProfile        the embedded ICC profile's description, or null when there is none
 * @param exifOrientation   EXIF orientation 1..8, or 0 when the file carries none
 * @param status            {@link #OK}, or the one-line reason the file cannot be used
 */
public record ImageInfo(Path path, String format, boolean extensionMismatch, String mode, int width, int height,
                        int bitsPerSample, String iccProfile, int exifOrientation, String status) {
    public static final String OK = "ok";

    public boolean ok() {
        return OK.equals(status);
    }

    /** Already what training tools want: 8-bit RGB without alpha. */
    public boolean isRgb8() {
        return "RGB".equals(mode) && bitsPerSample == 8;
    }

    public long pixels() {
        return (long) width * height;
    }

    ImageInfo withStatus(String s) {
        return new ImageInfo(path, format, extensionMismatch, mode, width, height, bitsPerSample, iccProfile, exifOrientation, s);
    }
}
