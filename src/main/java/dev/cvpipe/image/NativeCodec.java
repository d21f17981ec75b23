package dev.cvpipe.image;

import java.net.URL;

/**
 * cvpipe's own JNI shim ({@code src/main/c/cvpipe_codec.c}) over the libjpeg and zlib APIs that
 * leptonica's native library exports: JPEG rows go between libjpeg and a byte array with no 32-bit
 * repack in between (which leptonica's reader and writer cost on every row); a PNG's image data is
 * inflated and unfiltered (and an 8-bit PNG taken straight to JPEG, a band of rows at a time), GIF's
 * LZW run and 8-bit samples expanded to RGB in C, each the algorithm of
 * the Java code beside it (the JIT's code for such loops is several times slower). The build compiles it with gcc
 * into this package's {@code native/} resources; where it was not built (no gcc) or cannot load,
 * {@link #available()} is false and {@link TurboJpeg} uses leptonica's reader and writer, which give
 * the same pixels and bytes. Loaded after leptonica's library (it resolves the shim's libjpeg and zlib
 * symbols), both with System.load from files {@link NativeFiles} keeps, not through JavaCPP, whose
 * loader takes ~0.1 s to start. {@code -Dcvpipe.nativeJpeg=false} turns both off.
 */
final class NativeCodec {
    static final String RESOURCE = "native/libcvpipe-codec.so";
    /** "built", or "skipped: REASON": what src/main/c/build.sh did in this build. */
    static final String BUILD_STATUS = "native/status.txt";
    private static final String UNAVAILABLE = load();

    private NativeCodec() {}

    /** leptonica's native library in its linux-x86_64 jar (on the class path beside cvpipe's). */
    static final String LEPTONICA = "/org/bytedeco/leptonica/linux-x86_64/libleptonica.so.6";

    private static String load() {
        if ("false".equals(System.getProperty("cvpipe.nativeJpeg"))) return "disabled by -Dcvpipe.nativeJpeg=false";
        try {
            URL shim = NativeCodec.class.getResource(RESOURCE);
            if (shim == null) return "not in this build (" + buildStatus() + ")";
            URL lept = NativeCodec.class.getResource(LEPTONICA);
            if (lept == null) return "no " + LEPTONICA + " on the class path";
            // leptonica's library first: the shim's libjpeg and zlib symbols resolve against it
            System.load(NativeFiles.local(lept).toString());
            System.load(NativeFiles.local(shim).toString());
            return null;
        } catch (Throwable t) { // UnsatisfiedLinkError, an unwritable cache folder
            String m = t.getMessage();
            return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
        }
    }

    /** What the build did about the shim: "built", "skipped: REASON", or "unknown" for a build without the step. */
    static String buildStatus() {
        try (var in = NativeCodec.class.getResourceAsStream(BUILD_STATUS)) {
            return in == null ? "unknown" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why the shim is not in use (null when it is). */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * RGB rows of a JPEG of this size (gray widened, CMYK/YCCK through Pillow's formula); null on a
     * libjpeg error or another size. libjpeg's first warning, if any, goes to {@code warning[0]}.
     */
    static native byte[] decodeJpeg(byte[] jpeg, int width, int height, String[] warning);

    /**
     * A baseline 4:2:0 JPEG of {@code rgb} with Pillow's q-{@code quality} settings and, when
     * {@code comment} is not empty, one COM segment holding it; null on error.
     */
    static native byte[] encodeJpeg(byte[] rgb, int width, int height, int quality, byte[] comment);

    /**
     * The unfiltered rows of a non-interlaced PNG's image data, {@code height * rowBytes} bytes
     * without filter bytes: what {@link PngDecoder}'s inflate + unfilter loop gives; null when the
     * data is short or corrupt (that loop then reports it).
     */
    static native byte[] pngRows(byte[] png, int rowBytes, int height, int bpp);

    /**
     * 8-bit samples to RGB: pixel y,x at {@code src[base + y*scanline + x*pixelStride + o]}; a
     * 768-byte {@code palette} indexed by band {@code o0}, else gray from {@code o0} when
     * {@code o1 < 0}, else R, G, B from {@code o0, o1, o2}. The caller checks the bounds.
     */
    static native void expandRgb(byte[] src, int base, int pixelStride, int scanline, int o0, int o1, int o2,
                                 byte[] palette, int width, int height, byte[] rgb);

    /**
     * For a non-interlaced 8-bit PNG of {@code channels} 1 (gray, or indices into a 768-byte
     * {@code palette}), 2 (gray + alpha), 3 (RGB) or 4 (RGBA): {@code encodeJpeg} of the RGB that
     * {@link #pngRows} and {@link #expandRgb} make of it (alpha dropped), a band of rows at a time
     * in native memory, with {@code comment} as {@link #encodeJpeg} writes it; null when the image
     * data is short or corrupt (the Java path then says so).
     */
    static native byte[] pngToJpeg(byte[] png, int width, int height, int channels, byte[] palette, int quality, byte[] comment);

    /** {@link GifDecoder#lzw}'s indices from C; null where that method throws (it then says why). */
    static native byte[] gifLzw(byte[] gif, int pos, int n);

    /**
     * {@code encode(decode(jpeg))}, a band of rows at a time in native memory, with the file's
     * comment written back when {@code keepComment}; null on a libjpeg error or another size;
     * libjpeg's first warning, if any, goes to {@code warning[0]}.
     */
    static native byte[] transcodeJpeg(byte[] jpeg, int width, int height, int quality, boolean keepComment, String[] warning);
}
