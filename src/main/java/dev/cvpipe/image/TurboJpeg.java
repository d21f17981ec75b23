package dev.cvpipe.image;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;

/**
 * JPEG decode and encode through the SIMD libjpeg-turbo bundled in leptonica's native build (rows
 * through cvpipe's {@link NativeCodec} shim where it was built, else leptonica's reader and writer
 * through JavaCPP): the
 * library Pillow uses, so YCbCr and gray JPEGs decode to Pillow's pixels and q95 encodes to Pillow's
 * bytes on any JDK (a JDK bundling IJG libjpeg 6b upsamples 4:4:0 chroma differently). Where the
 * native library cannot load, {@link #available()} is false and callers use the JDK's ImageIO path.
 * Callers hand it only files {@link JpegCheck} passed, so libjpeg sees no broken markers; what it still
 * warns about (damaged entropy-coded data) comes back through {@link #takeWarning}, not on stderr.
 */
final class TurboJpeg {
    /** leptonica through JavaCPP, loaded on first use only: JavaCPP's loader costs ~0.1 s of start. */
    private static final class Leptonica {
        static final String UNAVAILABLE = load();

        private static String load() {
            if ("false".equals(System.getProperty("cvpipe.nativeJpeg"))) return "disabled by -Dcvpipe.nativeJpeg=false";
            try {
                Loader.load(leptonica.class);
                leptonica.setMsgSeverity(leptonica.L_SEVERITY_NONE); // failures come back as null, not as stderr text
                return null;
            } catch (Throwable t) { // UnsatisfiedLinkError, or no native jar for this platform
                String m = t.getMessage();
                return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
            }
        }
    }

    /** Per-thread native out-parameters and a word buffer, reused from image to image. */
    private static final class Scratch {
        final PointerPointer<BytePointer> data = new PointerPointer<>(1);
        final SizeTPointer size = new SizeTPointer(1);
        final int[] warnings = new int[1];
        int[] words = new int[0];

        int[] words(int n) {
            if (words.length < n) words = new int[n];
            return words;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** libjpeg's first warning of this thread's last decode through the shim (damaged entropy data), or null. */
    private static final ThreadLocal<String[]> WARNING = ThreadLocal.withInitial(() -> new String[1]);

    /** The warning of this thread's last JPEG decode, once; null when it had none. */
    static String takeWarning() {
        String[] w = WARNING.get();
        String m = w[0];
        w[0] = null;
        return m;
    }

    /** This thread's warning slot, emptied for the decode about to fill it. */
    private static String[] freshWarning() {
        String[] w = WARNING.get();
        w[0] = null;
        return w;
    }

    private TurboJpeg() {}

    /** libjpeg-turbo is in use: through cvpipe's shim, else through leptonica's reader and writer. */
    static boolean available() {
        return NativeCodec.available() || leptonicaAvailable();
    }

    /** leptonica's own JPEG reader and writer (JavaCPP) loaded; they are used only without the shim. */
    static boolean leptonicaAvailable() {
        return Leptonica.UNAVAILABLE == null;
    }

    /** Why the native library did not load (null when it did). */
    static String unavailableReason() {
        return available() ? null : Leptonica.UNAVAILABLE;
    }

    /**
     * 3-component YCbCr/RGB and gray JPEGs; CMYK/YCCK too through the shim, which converts them with
     * Pillow's formula (leptonica's own CMYK conversion differs from Pillow's by 1, so without the
     * shim they stay on the JDK path).
     */
    static boolean handles(Header h) {
        if (NativeCodec.available()) return h.components == 1 || h.components == 3 || h.components == 4;
        return leptonicaAvailable() && (h.components == 1 || h.components == 3);
    }

    /** The image as RGB, or null when libjpeg failed (the caller then takes the JDK path and its diagnosis). */
    static RgbImage decode(byte[] data, Header h) {
        if (NativeCodec.available()) {
            byte[] px = NativeCodec.decodeJpeg(data, h.width, h.height, freshWarning());
            return px == null ? null : new RgbImage(h.width, h.height, px);
        }
        return leptonicaDecode(data, h);
    }

    /** {@link #decode} through leptonica's reader (no CMYK): the path where the shim was not built. */
    static RgbImage leptonicaDecode(byte[] data, Header h) {
        if (!leptonicaAvailable()) return null;
        Scratch s = SCRATCH.get();
        PIX pix = read(s, data, h);
        if (pix == null) return null;
        PIX rgb = null;
        try {
            int w = h.width, ht = h.height, d = leptonica.pixGetDepth(pix);
            byte[] px = new byte[Math.multiplyExact(Math.multiplyExact(w, ht), 3)];
            if (d == 32) {
                // 24 bpp leptonica rows are plain R,G,B bytes: the repacking stays in C, Java only copies
                rgb = leptonica.pixConvert32To24(pix);
                if (rgb == null) return null;
                copyRows(rgb, px, w * 3, ht, false);
            } else {
                int wpl = leptonica.pixGetWpl(pix);
                int[] words = s.words(Math.multiplyExact(wpl, ht));
                IntPointer ptr = leptonica.pixGetData(pix);
                ptr.capacity((long) wpl * ht);
                ptr.asBuffer().get(words, 0, wpl * ht);
                // 8 bpp: four gray bytes per word, the first pixel in the high byte
                for (int y = 0, o = 0; y < ht; y++) {
                    int row = y * wpl;
                    for (int x = 0; x < w; x++, o += 3) {
                        byte g = (byte) (words[row + (x >> 2)] >>> (24 - ((x & 3) << 3)));
                        px[o] = g;
                        px[o + 1] = g;
                        px[o + 2] = g;
                    }
                }
            }
            return new RgbImage(w, ht, px);
        } finally {
            leptonica.pixDestroy(pix);
            if (rgb != null) leptonica.pixDestroy(rgb);
        }
    }

    /**
     * What {@code encode(decode(data, h), quality)} gives, made without the pixels visiting Java:
     * leptonica's 32-bit decode goes to the encoder as it is (no 24-bit repack, no copies out and
     * back in, no Java array per image); gray is widened to RGB in C, as Pillow's convert('RGB')
     * widens it before its 3-component encode. A comment is written back as Pillow's save writes
     * it (callers pass only files whose comment {@link JpegCheck#commentCarriesOver}). Null when
     * libjpeg failed.
     */
    static byte[] transcode(byte[] data, Header h, int quality) {
        if (!NativeCodec.available()) return leptonicaTranscode(data, h, quality);
        return NativeCodec.transcodeJpeg(data, h.width, h.height, quality, true, freshWarning());
    }

    /** {@link #transcode} through leptonica's reader and writer (no CMYK). */
    static byte[] leptonicaTranscode(byte[] data, Header h, int quality) {
        if (!leptonicaAvailable()) return null;
        Scratch s = SCRATCH.get();
        PIX pix = read(s, data, h);
        if (pix == null) return null;
        PIX rgb = null;
        try {
            int d = leptonica.pixGetDepth(pix);
            if (d == 8) {
                if ((rgb = leptonica.pixConvert8To32(pix)) == null) return null;
                leptonica.pixCopyText(rgb, pix);
            }
            PIX src = d == 8 ? rgb : pix;
            // The reader kept the file's density, which Pillow's save does not write (pixSetResolution
            // ignores zeros), and its comment, which Pillow's save writes too (ImageDecoder checks it can).
            leptonica.pixSetXRes(src, 0);
            leptonica.pixSetYRes(src, 0);
            return write(s, src, quality);
        } finally {
            leptonica.pixDestroy(pix);
            if (rgb != null) leptonica.pixDestroy(rgb);
        }
    }

    /**
     * libjpeg's decode as a leptonica pix, 8 bpp gray or 32 bpp RGB of the header's size; null when
     * libjpeg failed or gave anything else. Damage inside the entropy-coded bits (past JpegCheck) is
     * recovered from as Pillow's libjpeg-turbo recovers, giving Pillow's pixels: the image is kept
     * whatever libjpeg warned.
     */
    private static PIX read(Scratch s, byte[] data, Header h) {
        PIX pix = leptonica.pixReadMemJpeg(data, data.length, 0, 1, s.warnings, leptonica.L_JPEG_CONTINUE_WITH_BAD_DATA);
        if (pix == null) return null;
        int d = leptonica.pixGetDepth(pix);
        if (leptonica.pixGetWidth(pix) == h.width && leptonica.pixGetHeight(pix) == h.height && (d == 8 || d == 32)) return pix;
        leptonica.pixDestroy(pix);
        return null;
    }

    /** Copies {@code rowBytes} of each of {@code h} rows between a pix (rows padded to whole words) and {@code px}. */
    private static void copyRows(PIX pix, byte[] px, int rowBytes, int h, boolean intoPix) {
        int stride = leptonica.pixGetWpl(pix) * 4;
        BytePointer data = new BytePointer(leptonica.pixGetData(pix)).capacity((long) stride * h);
        try {
            if (stride == rowBytes) {
                if (intoPix) data.put(px, 0, rowBytes * h);
                else data.get(px, 0, rowBytes * h);
                return;
            }
            for (int y = 0; y < h; y++) {
                data.position((long) y * stride);
                if (intoPix) data.put(px, y * rowBytes, rowBytes);
                else data.get(px, y * rowBytes, rowBytes);
            }
        } finally {
            data.position(0);
        }
    }

    /** Baseline JPEG of {@code img}, 4:2:0, as Pillow's {@code save(quality=q)} writes it; null if libjpeg failed. */
    static byte[] encode(RgbImage img, int quality, byte[] comment) {
        return NativeCodec.available() ? NativeCodec.encodeJpeg(img.pixels(), img.width(), img.height(), quality, comment)
                : leptonicaEncode(img, quality, comment);
    }

    /** {@link #encode} through leptonica's writer, which writes the pix's text as the comment (a C string: none with a NUL). */
    static byte[] leptonicaEncode(RgbImage img, int quality, byte[] comment) {
        if (!leptonicaAvailable()) return null;
        Scratch s = SCRATCH.get();
        int w = img.width(), h = img.height();
        PIX pix = leptonica.pixCreateNoInit(w, h, 24); // leptonica hands 24 bpp rows to libjpeg as they are
        if (pix == null) return null;
        try {
            leptonica.pixSetSpp(pix, 3);
            copyRows(pix, img.pixels(), w * 3, h, true);
            if (comment != null && comment.length > 0 && comment.length <= 65533 && !containsNul(comment)) { // as the shim: none past a COM segment's size
                byte[] text = java.util.Arrays.copyOf(comment, comment.length + 1); // NUL-terminated
                leptonica.pixSetText(pix, new BytePointer(text));
            }
            return write(s, pix, quality);
        } finally {
            leptonica.pixDestroy(pix);
        }
    }

    private static boolean containsNul(byte[] b) {
        for (byte x : b) if (x == 0) return true;
        return false;
    }

    /** Baseline 4:2:0 JPEG of a 24- or 32-bpp pix, Pillow's defaults; null if libjpeg failed. */
    private static byte[] write(Scratch s, PIX pix, int quality) {
        if (leptonica.pixWriteMemJpeg(s.data, s.size, pix, quality, 0) != 0) return null;
        BytePointer out = s.data.get(BytePointer.class, 0);
        try {
            long len = s.size.get();
            byte[] bytes = new byte[Math.toIntExact(len)];
            out.capacity(len).get(bytes);
            return bytes;
        } finally {
            leptonica.lept_free(out);
            s.data.put(0, (BytePointer) null);
        }
    }
}
