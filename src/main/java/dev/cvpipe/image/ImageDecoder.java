package dev.cvpipe.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageReader;

/**
 * The one image decoder entry of cvpipe: every command that reads pixels comes through here, so
 * odd modes (P, LA, CMYK, 16-bit...) behave the same in to-rgb, training and prediction.
 *
 * <p>By default the result is what Pillow's {@code Image.open(p).convert('RGB')} gives, byte for
 * byte: palette colours with transparency dropped, alpha dropped (not composited), gray copied to
 * all three channels, 16-bit gray saturated at 255, CMYK through Pillow's formula. The header is
 * read first, so decompression bombs are refused before any pixel memory is allocated.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    /** Decodes any supported file to 8-bit RGB with Pillow's {@code convert('RGB')} semantics. */
    public static RgbImage readRgb(Path path) throws BadImageException {
        return readRgb(path, DecodeOptions.PILLOW);
    }

    /** As {@link #readRgb(Path)}, with the extras in {@code options} (alpha compositing, ICC, EXIF, 16-bit scaling). */
    public static RgbImage readRgb(Path path, DecodeOptions options) throws BadImageException {
        RgbImage img = decodeRgb(readBytes(path), options);
        warnDamagedJpeg(path);
        return img;
    }

    /**
     * One stderr line naming {@code file} when the JPEG this thread just decoded made libjpeg warn
     * (entropy-coded data damaged past what the marker check sees; the pixels are what libjpeg, and
     * so Pillow, make of it). Called by whoever knows the file's name.
     */
    public static void warnDamagedJpeg(Object file) {
        String w = TurboJpeg.takeWarning();
        if (w != null) dev.cvpipe.report.Log.warn("%s: damaged JPEG data, decoded as Pillow decodes it (libjpeg: %s)", file, w);
    }

    /**
     * {@link #readRgb(Path)} for training, which sees three bands: an image whose band beyond its
     * colours (the alpha of RGBA / LA, or a 4th TIFF sample) carries data — any value below full
     * opacity — is refused instead of silently losing that band. A fully opaque alpha holds no
     * information and is dropped as Pillow drops it; palette transparency is dropped too.
     */
    public static RgbImage readRgbThreeBands(Path path) throws BadImageException {
        byte[] data = readBytes(path);
        Header h = header(data, DecodeOptions.DEFAULT_MAX_PIXELS);
        Decoded d = decode(data, h);
        PixelLayout.Kind k = d.layout.kind();
        int colours = k == PixelLayout.Kind.GRAY || k == PixelLayout.Kind.GRAY_ALPHA ? 1
                : k == PixelLayout.Kind.RGB || k == PixelLayout.Kind.RGBA ? 3 : -1;
        Raster r = d.raster;
        if (colours > 0 && r.getNumBands() > colours) {
            int[] bits = d.layout.bits();
            for (int b = colours; b < r.getNumBands(); b++) {
                int max = (1 << (b < bits.length ? bits[b] : r.getSampleModel().getSampleSize(b))) - 1;
                int[] row = null;
                for (int y = 0; y < r.getHeight(); y++) {
                    row = r.getSamples(r.getMinX(), r.getMinY() + y, r.getWidth(), 1, b, row);
                    for (int v : row) {
                        if (v != max) {
                            throw new BadImageException(r.getNumBands() + " bands (" + h.mode + "; band " + (b + 1)
                                    + " is not opaque alpha, it carries data) but training takes 3: flatten it first "
                                    + "(cvpipe to-rgb --alpha white) or drop the band");
                        }
                    }
                }
            }
        }
        RgbImage rgb;
        try {
            rgb = PixelConverter.convert(d.raster, d.layout, DecodeOptions.PILLOW);
        } catch (ArithmeticException | OutOfMemoryError e) {
            throw new BadImageException("too large to hold in memory (" + h.width + "x" + h.height + ")");
        }
        return rgb;
    }

    /** Decodes a whole file already in memory. */
    public static RgbImage decodeRgb(byte[] data, DecodeOptions options) throws BadImageException {
        Header h = header(data, options.maxPixels());
        RgbImage turbo = turboJpeg(data, h, options);
        if (turbo != null) return options.exifTranspose() ? Orientation.apply(turbo, h.orientation) : turbo;
        Decoded d = decode(data, h);
        RgbImage rgb;
        try {
            rgb = options.icc() && h.icc != null ? IccConversion.toSrgb(d.raster, d.layout, h.icc, options) : null;
            if (rgb == null) rgb = PixelConverter.convert(d.raster, d.layout, options);
        } catch (ArithmeticException | OutOfMemoryError e) {
            throw new BadImageException("too large to hold in memory (" + h.width + "x" + h.height + ")");
        }
        return options.exifTranspose() ? Orientation.apply(rgb, h.orientation) : rgb;
    }

    /**
     * The bytes of {@code ImageEncoder.write(decodeRgb(data, options), JPEG, quality, ...)} for a
     * JPEG that libjpeg-turbo decodes here, made in native memory (see {@link TurboJpeg#transcode}):
     * to-rgb's JPEG-to-JPEG case, most of a photo dataset. Null when the file takes the general
     * path (another format, CMYK, colour management or an orientation to apply, damaged markers,
     * comments leptonica cannot carry, no native library), which then decodes it and reports what
     * is wrong. Unlike that path it keeps a JPEG comment, as Pillow's save does.
     */
    public static byte[] transcodeJpeg(byte[] data, DecodeOptions options, int quality) throws BadImageException {
        Header h = header(data, options.maxPixels());
        if (options.exifTranspose() && h.orientation > 1) return null;
        if (!turboDecodes(data, h, options) || !JpegCheck.commentCarriesOver(data)) return null;
        return TurboJpeg.transcode(data, h, ImageEncoder.jpegQuality(quality));
    }

    /**
     * The bytes of {@code ImageEncoder.write(decodeRgb(data, options), JPEG, quality, ...)} for a
     * non-interlaced 8-bit PNG (gray, gray + alpha, RGB, RGBA, palette), made in native memory
     * ({@link NativeCodec#pngToJpeg}): rows inflated, unfiltered and turned into RGB as
     * {@link PixelConverter}'s 8-bit copy turns them, and fed to libjpeg a band at a time, with no
     * image-sized array in Java. Null when the file takes the general path (another format or depth,
     * interlaced, colour management, compositing or an orientation to apply, no shim), which then
     * decodes it and reports what is wrong; corrupt chunks are reported here as there. The PNG's
     * comment text goes along as Pillow's save writes it ({@link SourceComment}).
     */
    public static byte[] transcodePng(byte[] data, DecodeOptions options, int quality) throws BadImageException {
        Header h = header(data, options.maxPixels());
        if (h.format != ImageFormat.PNG || h.pngInterlaced || h.pngBitDepth != 8 || !NativeCodec.available()) return null;
        if (options.composite() || (options.icc() && h.icc != null) || (options.exifTranspose() && h.orientation > 1)) return null;
        PngChunks.validate(data);
        byte[] palette = h.pngColorType == 3 ? PixelLayout.fullPalette(h.palette) : null;
        return NativeCodec.pngToJpeg(data, h.width, h.height, h.pngChannels(), palette, ImageEncoder.jpegQuality(quality),
                SourceComment.of(data, h));
    }

    /**
     * The JPEG codec in use, for --verbose: libjpeg-turbo through leptonica's native build, or why
     * not and that the JDK's ImageIO path is used instead.
     */
    public static String jpegCodec() {
        if (NativeCodec.available()) return "libjpeg-turbo (leptonica's native library, rows through cvpipe's shim)";
        return TurboJpeg.available() ? "libjpeg-turbo (leptonica native; cvpipe's shim not in use: " + NativeCodec.unavailableReason() + ")"
                : "JDK ImageIO (native libjpeg-turbo not loaded: " + TurboJpeg.unavailableReason() + ")";
    }

    /** Loads the native JPEG library on a background thread (~0.1 s), e.g. while a command lists its inputs. */
    public static void preloadJpegCodec() {
        Thread t = new Thread(NativeCodec::available, "cvpipe-codec-load"); // loads leptonica, then the shim
        t.setDaemon(true);
        t.start();
    }

    /** Pillow's pixels straight from libjpeg-turbo, or null when this file takes the JDK path. */
    private static RgbImage turboJpeg(byte[] data, Header h, DecodeOptions options) {
        return turboDecodes(data, h, options) ? TurboJpeg.decode(data, h) : null;
    }

    private static boolean turboDecodes(byte[] data, Header h, DecodeOptions options) {
        if (h.format != ImageFormat.JPEG || !TurboJpeg.handles(h) || (options.icc() && h.icc != null)) return false;
        return JpegCheck.wellFormed(data); // if not, the JDK path says what is wrong, in one line
    }

    /**
     * Reads a label mask: palette images by index (not colour), grayscale by level (1-bit as 0/1).
     * A colour image is refused, because its colours are not class indices.
     */
    public static IndexMask readMask(Path path) throws BadImageException {
        return readMask(path, null);
    }

    /**
     * {@link #readMask(Path)} that may write the values into {@code reuse} (used when it is
     * exactly width×height long, e.g. the previous mask of a run of same-size masks the caller
     * is done with): streaming 512×512 masks otherwise makes 256 KiB of garbage per mask.
     * Plain gray/palette PNGs, what segmentation tools write, take {@link PngDecoder#decodeMask}'s fast
     * path; everything else, and anything malformed, goes through the full decoder below.
     */
    public static IndexMask readMask(Path path, byte[] reuse) throws BadImageException {
        IndexMask fast = fastPng(path, reuse);
        if (fast != null) return fast;
        byte[] data = readBytes(path);
        Header h = header(data, DecodeOptions.DEFAULT_MAX_PIXELS);
        Decoded d = decode(data, h);
        PixelLayout.Kind k = d.layout.kind();
        if (k != PixelLayout.Kind.PALETTE && k != PixelLayout.Kind.GRAY && k != PixelLayout.Kind.GRAY_ALPHA) {
            throw new BadImageException(h.mode + " image where an index mask (P or L) is expected");
        }
        Raster r = d.raster;
        int w = r.getWidth(), ht = r.getHeight(), bits = d.layout.bits()[0];
        byte[] v = new byte[w * ht];
        int[] row = new int[w];
        for (int y = 0; y < ht; y++) {
            r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int s = row[x];
                if (k != PixelLayout.Kind.PALETTE && bits != 1 && bits != 8) {
                    if (bits == 16) {
                        if (s > 255) throw new BadImageException("16-bit mask with label " + s + " above 255");
                    } else {
                        s = s * 255 / ((1 << bits) - 1); // Pillow scales 2- and 4-bit gray to 0..255
                    }
                }
                v[y * w + x] = (byte) s;
            }
        }
        return new IndexMask(w, ht, v);
    }

    private static IndexMask fastPng(Path path, byte[] reuse) {
        try {
            return PngDecoder.tryReadMask(path, reuse);
        } catch (IOException e) {
            return null; // the full decoder reports what is wrong
        }
    }

    static byte[] readBytes(Path path) throws BadImageException {
        try {
            return dev.cvpipe.io.InputFiles.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BadImageException("no such file");
        } catch (dev.cvpipe.io.InputFiles.NotRegularFileException e) {
            throw new BadImageException(dev.cvpipe.io.InputFiles.NotRegularFileException.REASON);
        } catch (OutOfMemoryError e) {
            throw new BadImageException("file too large to read");
        } catch (IOException e) {
            throw new BadImageException("cannot read file: " + e.getMessage());
        }
    }

    /** Parses the header of a whole file and refuses decompression bombs. */
    static Header header(byte[] data, long maxPixels) throws BadImageException {
        Header h = HeaderParser.parse(data, data.length, data.length);
        checkBomb(h, maxPixels);
        return h;
    }

    static void checkBomb(Header h, long maxPixels) throws BadImageException {
        long px = (long) h.width * h.height;
        if (px > maxPixels) {
            throw new BadImageException(String.format(Locale.ROOT,
                    "decompression bomb: %dx%d = %,d pixels exceeds the limit of %,d (--max-pixels)", h.width, h.height, px, maxPixels));
        }
    }

    /** Raw samples and how to read them. */
    record Decoded(Raster raster, PixelLayout layout) {}

    static Decoded decode(byte[] data, Header h) throws BadImageException {
        if (h.format == ImageFormat.PNG) {
            PngChunks.validate(data);
            if (PngDecoder.handles(h)) return pngLayout(PngDecoder.decode(data, h), h, true);
        }
        if (h.format == ImageFormat.GIF) {
            try {
                return GifDecoder.decode(data, h);
            } catch (IndexOutOfBoundsException e) {
                throw new BadImageException("corrupt GIF: bad frame data");
            }
        }
        if (h.format == ImageFormat.BMP) {
            try {
                return BmpDecoder.decode(data, h);
            } catch (IndexOutOfBoundsException e) {
                throw new BadImageException("truncated: BMP data ends early");
            }
        }
        // the reason to-rgb's copy check gives, not the JDK reader's wording of the same cut
        if (h.format == ImageFormat.JPEG && JpegCheck.missingEnd(data)) throw new BadImageException(JpegCheck.MISSING_END);
        Readers.Slot slot = Readers.get(h.format);
        ImageReader reader = slot.reader;
        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(data)) {
            reader.setInput(in, true, true);
            Decoded d = switch (h.format) {
                case JPEG -> jpeg(reader, h, data, slot);
                case PNG -> png(reader, h);
                default -> generic(reader.read(0), h);
            };
            for (String w : slot.warnings) {
                String lw = w.toLowerCase(Locale.ROOT);
                if (lw.contains("premature end") || lw.contains("truncat")) throw new BadImageException("truncated: " + w);
            }
            if (d.raster.getWidth() != h.width || d.raster.getHeight() != h.height) {
                throw new BadImageException("corrupt " + h.format + ": decoded " + d.raster.getWidth() + "x" + d.raster.getHeight()
                        + " but the header says " + h.width + "x" + h.height);
            }
            return d;
        } catch (BadImageException e) {
            throw e;
        } catch (EOFException e) {
            throw new BadImageException("truncated: " + h.format + " data ends early");
        } catch (OutOfMemoryError e) {
            throw new BadImageException("too large to decode in memory (" + h.width + "x" + h.height + ")");
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(describe(h.format, e));
        } finally {
            reader.setInput(null);
        }
    }

    private static String describe(ImageFormat f, Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof EOFException) break;
            t = t.getCause();
        }
        if (t instanceof EOFException) return "truncated: " + f + " data ends early";
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String lm = m.toLowerCase(Locale.ROOT);
        if (lm.contains("premature end") || lm.contains("unexpected end") || lm.contains("eof")) return "truncated: " + m;
        return "corrupt " + f + " data: " + m;
    }

    private static Decoded jpeg(ImageReader reader, Header h, byte[] data, Readers.Slot slot) throws IOException {
        if (h.components == 3 && !storesRgb(h) && h.icc == null && JpegCheck.wellFormed(data)) {
            // libjpeg converts YCbCr to RGB with the tables PixelConverter copies, ~1.6x faster than
            // raw samples plus a Java loop. Not with an ICC profile: the JDK would colour-manage.
            Readers.Slot jdk = Readers.jdkJpeg();
            if (jdk != null) {
                try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(data)) {
                    jdk.reader.setInput(in, true, true);
                    BufferedImage img = jdk.reader.read(0);
                    slot.warnings.addAll(jdk.warnings);
                    if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
                        return new Decoded(img.getRaster(), PixelLayout.of(PixelLayout.Kind.RGB, 8, 8, 8));
                    }
                } finally {
                    jdk.reader.setInput(null);
                }
            }
        }
        Raster r = reader.readRaster(0, null);
        PixelLayout.Kind kind = switch (h.components) {
            case 1 -> PixelLayout.Kind.GRAY;
            case 3 -> storesRgb(h) ? PixelLayout.Kind.RGB : PixelLayout.Kind.YCBCR;
            default -> h.mode.equals("YCCK") ? PixelLayout.Kind.YCCK : PixelLayout.Kind.CMYK_INVERTED;
        };
        return new Decoded(r, PixelLayout.of(kind, 8, 8, 8, 8));
    }

    /** libjpeg's guess (jdapimin.c) whether a 3-component JPEG holds RGB rather than YCbCr. */
    private static boolean storesRgb(Header h) {
        if (h.jfif) return false;
        if (h.adobeTransform >= 0) return h.adobeTransform == 0;
        int[] id = h.componentIds;
        return id[0] == 'R' && id[1] == 'G' && id[2] == 'B';
    }

    private static Decoded png(ImageReader reader, Header h) throws IOException {
        return pngLayout(reader.read(0).getRaster(), h, false);
    }

    /** {@code rawDepth}: low-depth samples hold raw values (our decoder), not the JDK's widened 8-bit ones. */
    private static Decoded pngLayout(Raster r, Header h, boolean rawDepth) {
        int d = h.pngBitDepth;
        byte[] t = h.transparency;
        int gd = rawDepth ? d : r.getSampleModel().getSampleSize(0);
        return new Decoded(r, switch (h.pngColorType) {
            // The JDK widens low-depth gray with tRNS to 8-bit gray+alpha, already scaled (*255, *85, *17) as Pillow scales.
            case 0 -> new PixelLayout(PixelLayout.Kind.GRAY, new int[] {gd}, null, null,
                    t != null && t.length >= 2 ? new int[] {((t[0] & 0xff) << 8 | (t[1] & 0xff)) * (gd == d ? 1 : 255 / ((1 << d) - 1))} : null);
            case 2 -> new PixelLayout(PixelLayout.Kind.RGB, new int[] {d, d, d}, null, null, t != null && t.length >= 6
                    ? new int[] {(t[0] & 0xff) << 8 | (t[1] & 0xff), (t[2] & 0xff) << 8 | (t[3] & 0xff), (t[4] & 0xff) << 8 | (t[5] & 0xff)} : null);
            case 3 -> new PixelLayout(PixelLayout.Kind.PALETTE, new int[] {d}, PixelLayout.fullPalette(h.palette), alphaOf(t, -1), null);
            case 4 -> PixelLayout.of(PixelLayout.Kind.GRAY_ALPHA, d, d);
            default -> PixelLayout.of(PixelLayout.Kind.RGBA, d, d, d, d);
        });
    }

    private static int[] alphaOf(byte[] trns, int transparentIndex) {
        if (trns == null && transparentIndex < 0) return null;
        int[] a = new int[256];
        java.util.Arrays.fill(a, 255);
        if (trns != null) for (int i = 0; i < Math.min(256, trns.length); i++) a[i] = trns[i] & 0xff;
        if (transparentIndex >= 0) a[transparentIndex] = 0;
        return a;
    }

    /** BMP, TIFF, WebP: read the samples the way the colour model lays them out. */
    private static Decoded generic(BufferedImage img, Header h) throws BadImageException {
        ColorModel cm = img.getColorModel();
        WritableRaster r = img.getRaster();
        int[] sizes = cm.getComponentSize();
        if (cm instanceof IndexColorModel icm) {
            int n = icm.getMapSize();
            byte[] pal = new byte[n * 3];
            int[] alpha = new int[256];
            java.util.Arrays.fill(alpha, 255);
            for (int i = 0; i < n; i++) {
                int argb = icm.getRGB(i);
                pal[i * 3] = (byte) (argb >> 16);
                pal[i * 3 + 1] = (byte) (argb >> 8);
                pal[i * 3 + 2] = (byte) argb;
                if (i < 256) alpha[i] = argb >>> 24;
            }
            return new Decoded(r, new PixelLayout(PixelLayout.Kind.PALETTE, new int[] {8}, PixelLayout.fullPalette(pal),
                    cm.hasAlpha() ? alpha : null, null));
        }
        int type = cm.getColorSpace().getType();
        int colours = cm.getNumColorComponents();
        if (type == ColorSpace.TYPE_CMYK && colours == 4) return new Decoded(r, PixelLayout.of(PixelLayout.Kind.CMYK, sizes));
        if (colours == 1) return new Decoded(r, PixelLayout.of(cm.hasAlpha() ? PixelLayout.Kind.GRAY_ALPHA : PixelLayout.Kind.GRAY, sizes));
        if (colours == 3 && type == ColorSpace.TYPE_RGB) {
            return new Decoded(r, PixelLayout.of(cm.hasAlpha() ? PixelLayout.Kind.RGBA : PixelLayout.Kind.RGB, sizes));
        }
        throw new BadImageException("unsupported " + h.format + " variant: " + colours + " colour components");
    }
}
