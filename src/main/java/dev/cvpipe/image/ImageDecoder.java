package dev.cvpipe.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The one image decoder entry of cvpipe: every command that reads pixels comes through here, so
 * odd modes (P, LA, CMYK, 16-bit...) behave the same in to-rgb, training and prediction.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    /** Decodes any supported file to 8-bit sRGB with Pillow's {@code convert('RGB')} semantics. */
    public static RgbImage readRgb(Path path) throws BadImageException {
        BufferedImage img = readBuffered(path);
        int w = img.getWidth(), h = img.getHeight();
        byte[] px = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, i = y * w * 3; x < w; x++, i += 3) {
                int argb = row[x];
                px[i] = (byte) (argb >> 16);
                px[i + 1] = (byte) (argb >> 8);
                px[i + 2] = (byte) argb;
            }
        }
        return new RgbImage(w, h, px);
    }

    /**
     * Reads a label mask: palette images by index, grayscale by level. A colour image is refused,
     * because its colours are not class indices.
     */
    public static IndexMask readMask(Path path) throws BadImageException {
        return readMask(path, null);
    }

    /**
     * {@link #readMask(Path)} that may write the values into {@code reuse} (used when it is
     * exactly width×height long, e.g. the previous mask of a run of same-size masks the caller
     * is done with): streaming 512×512 masks otherwise makes 256 KiB of garbage per mask.
     */
    public static IndexMask readMask(Path path, byte[] reuse) throws BadImageException {
        IndexMask fast = fastPng(path, reuse);
        if (fast != null) return fast;
        BufferedImage img = readBuffered(path);
        Raster r = img.getRaster();
        boolean indexed = img.getColorModel() instanceof IndexColorModel;
        if (!indexed && r.getNumBands() != 1 && r.getNumBands() != 2) {
            throw new BadImageException("RGB mask where an index mask is expected (" + r.getNumBands() + " channels)");
        }
        int w = img.getWidth(), h = img.getHeight();
        byte[] v = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) v[y * w + x] = (byte) row[x];
        }
        return new IndexMask(w, h, v);
    }

    /** Plain gray/palette PNG masks skip ImageIO (see {@link PngIndexDecoder}); null for anything else. */
    private static IndexMask fastPng(Path path, byte[] reuse) {
        try {
            return PngIndexDecoder.tryRead(path, reuse);
        } catch (IOException e) {
            return null; // readBuffered reports it
        }
    }

    private static BufferedImage readBuffered(Path path) throws BadImageException {
        try {
            if (Files.size(path) == 0) throw new BadImageException("empty file (0 bytes)");
            BufferedImage img = ImageIO.read(path.toFile());
            if (img == null) throw new BadImageException("not an image (no decoder recognises it)");
            return img;
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadImageException("cannot decode: " + e.getMessage(), e);
        }
    }
}
