package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * cvpipe's JNI shim over libjpeg (src/main/c/cvpipe_codec.c). The Pillow hashes of 1- and
 * 3-component files are checked through it in {@link TurboJpegTest}; here: that a build which could
 * build it did and loads it, and that CMYK/YCCK through it equal the JDK path's pixels, which
 * PillowConversionTest holds to Pillow's.
 */
public class NativeCodecTest {
    @Test
    void theBuildBuiltTheShimAndItLoads() {
        String status = NativeCodec.buildStatus();
        boolean linux64 = System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
        Assumptions.assumeTrue(linux64 && !"false".equals(System.getProperty("cvpipe.nativeJpeg")), "no shim on this platform");
        Assumptions.assumeFalse(status.equals("skipped: no gcc"), "built without gcc: leptonica's path is used");
        assertEquals("built", status, "src/main/c/build.sh");
        assertTrue(NativeCodec.available(), NativeCodec.unavailableReason());
        assertTrue(ImageDecoder.jpegCodec().contains("rows through cvpipe's shim"), ImageDecoder.jpegCodec());
    }

    @Test
    void cmykAndYcckAreTheJdkPathsPixelsAndBytes() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        for (String name : new String[] {"mode_CMYK", "mode_YCCK"}) {
            byte[] d = TurboJpegTest.bytes(name);
            Header h = ImageDecoder.header(d, Long.MAX_VALUE);
            ImageDecoder.Decoded dec = ImageDecoder.decode(d, h); // the JDK path: raw samples, Pillow's formula in Java
            RgbImage jdk = PixelConverter.convert(dec.raster(), dec.layout(), DecodeOptions.PILLOW);
            byte[] px = NativeCodec.decodeJpeg(d, h.width, h.height, null);
            assertArrayEquals(jdk.pixels(), px, name);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageEncoder.write(jdk, ImageFormat.JPEG, 95, out);
            assertArrayEquals(out.toByteArray(), ImageDecoder.transcodeJpeg(d, DecodeOptions.PILLOW, 95), name);
        }
    }

    /**
     * PNG rows from C are the samples the JDK's own PNG reader gives, for every bit depth and colour
     * type of the fixtures; damaged image data comes back as null (PngDecoder then reports it).
     */
    @Test
    void pngRowsAreTheJdkReadersSamples() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        int checked = 0;
        for (String name : new String[] {"mode_1", "mode_I16", "mode_L", "mode_LA", "mode_LA16", "mode_P", "mode_PA", "mode_P_trns",
                "mode_RGB", "mode_RGB16", "mode_RGBA", "rgb_a98"}) {
            byte[] d = Files.readAllBytes(TurboJpegTest.MODES.resolve(name + ".png"));
            Header h = ImageDecoder.header(d, Long.MAX_VALUE);
            if (h.pngInterlaced) continue;
            int channels = h.pngChannels();
            int rowBytes = (h.width * channels * h.pngBitDepth + 7) / 8;
            byte[] rows = NativeCodec.pngRows(d, rowBytes, h.height, Math.max(1, channels * h.pngBitDepth / 8));
            java.awt.image.Raster jdk = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(d)).getRaster();
            byte[] expected = new byte[rows.length];
            for (int y = 0; y < h.height; y++) {
                for (int x = 0; x < h.width; x++) {
                    for (int c = 0; c < channels; c++) {
                        int v = jdk.getSample(x, y, c), bit = (x * channels + c) * h.pngBitDepth;
                        int at = y * rowBytes + bit / 8;
                        if (h.pngBitDepth == 16) {
                            expected[at] = (byte) (v >> 8);
                            expected[at + 1] = (byte) v;
                        } else {
                            expected[at] |= (byte) (v << (8 - h.pngBitDepth - bit % 8));
                        }
                    }
                }
            }
            assertArrayEquals(expected, rows, name);
            checked++;
        }
        assertEquals(12, checked);
        byte[] good = Files.readAllBytes(TurboJpegTest.MODES.resolve("mode_RGB.png"));
        Header h = ImageDecoder.header(good, Long.MAX_VALUE);
        assertNull(NativeCodec.pngRows(Arrays.copyOf(good, good.length / 2), h.width * 3, h.height, 3), "image data cut short");
        assertNull(NativeCodec.pngRows(good, h.width * 3, h.height + 1, 3), "fewer rows than asked for");
    }

    /**
     * The filters reversed in C (Sub, Average and Paeth a pixel at a time in SIMD for pixels of 2..8
     * bytes, byte by byte otherwise) give back the rows a PNG was made from: rows of noise and of
     * extremes (0/255, where Paeth's ties and Average's carry show), every filter on every pixel
     * size of 8- and 16-bit images, widths 1, 5 and 33. The rows and filters are made here, so the
     * expected bytes are the known answer, not another decoder's.
     */
    @Test
    void everyFilterOnEveryPixelSizeGivesBackTheRows() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        java.util.Random rnd = new java.util.Random(15);
        int cases = 0;
        for (int depth : new int[] {8, 16}) {
            for (int colorType : new int[] {0, 4, 2, 6}) {
                int channels = switch (colorType) { case 2 -> 3; case 4 -> 2; case 6 -> 4; default -> 1; };
                int bpp = channels * depth / 8;
                for (int w : new int[] {1, 5, 33}) {
                    int h = 10, rowBytes = w * bpp;
                    byte[] rows = new byte[h * rowBytes];
                    for (int i = 0; i < rows.length; i++) {
                        int y = i / rowBytes;
                        rows[i] = (byte) (y % 2 == 0 ? rnd.nextInt(256) : rnd.nextBoolean() ? 255 : 0);
                    }
                    byte[] png = filteredPng(rows, w, h, depth, colorType, bpp);
                    assertArrayEquals(rows, NativeCodec.pngRows(png, rowBytes, h, bpp), depth + "-bit type " + colorType + " width " + w);
                    cases++;
                }
            }
        }
        assertEquals(24, cases);
    }

    /**
     * An 8-bit PNG straight to JPEG in C gives the bytes of decoding it to RGB and encoding that:
     * the gray, gray + alpha, RGB and RGBA fixtures, a PNG named .jpg, one with a profile and one
     * with an EXIF orientation (neither applied by Pillow's defaults), and made images of every
     * colour type and filter, palette ones with and without tRNS, 40 rows high (three bands of 16).
     * Other depths (the 2-bit palette fixture too), compositing and cut image data are left to the
     * general path.
     */
    @Test
    void eightBitPngToJpegIsTheDecodedImagesJpeg() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        java.util.Map<String, byte[]> pngs = new java.util.LinkedHashMap<>();
        for (String name : new String[] {"mode_L.png", "mode_LA.png", "mode_RGB.png", "mode_RGBA.png", "png_named.jpg", "rgb_a98.png",
                "exif_orient6.png"}) {
            pngs.put(name, Files.readAllBytes(TurboJpegTest.MODES.resolve(name)));
        }
        java.util.Random rnd = new java.util.Random(16);
        for (int colorType : new int[] {0, 4, 2, 6}) {
            int channels = switch (colorType) { case 2 -> 3; case 4 -> 2; case 6 -> 4; default -> 1; };
            for (int w : new int[] {1, 37}) {
                byte[] rows = new byte[40 * w * channels];
                rnd.nextBytes(rows);
                pngs.put("made type " + colorType + " width " + w, filteredPng(rows, w, 40, 8, colorType, channels));
            }
        }
        // 8-bit palette images: 200 colours (indices past them are Pillow's gray ramp), then with tRNS too
        byte[] indices = new byte[40 * 37];
        rnd.nextBytes(indices);
        byte[] plte = new byte[600];
        rnd.nextBytes(plte);
        byte[] p = withChunkAfterHeader(filteredPng(indices, 37, 40, 8, 3, 1), "PLTE", plte);
        pngs.put("made palette", p);
        byte[] trns = new byte[100];
        rnd.nextBytes(trns);
        pngs.put("made palette with tRNS", withChunkAfterHeader(withChunkAfterHeader(filteredPng(indices, 37, 40, 8, 3, 1), "tRNS", trns), "PLTE", plte));
        for (var e : pngs.entrySet()) {
            byte[] d = e.getValue();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            ImageEncoder.write(ImageDecoder.decodeRgb(d, DecodeOptions.PILLOW), ImageFormat.JPEG, 95, expected);
            byte[] direct = ImageDecoder.transcodePng(d, DecodeOptions.PILLOW, 95);
            assertTrue(direct != null, e.getKey() + " took the general path");
            assertArrayEquals(expected.toByteArray(), direct, e.getKey());
        }
        assertEquals(17, pngs.size());
        for (String other : new String[] {"mode_1.png", "mode_P.png", "mode_I16.png", "mode_LA16.png", "mode_RGB16.png"}) {
            assertNull(ImageDecoder.transcodePng(Files.readAllBytes(TurboJpegTest.MODES.resolve(other)), DecodeOptions.PILLOW, 95), other);
        }
        byte[] rgba = pngs.get("mode_RGBA.png");
        assertNull(ImageDecoder.transcodePng(rgba, new DecodeOptions(0xffffff, false, false, false, DecodeOptions.DEFAULT_MAX_PIXELS), 95), "compositing");
        Header h = ImageDecoder.header(rgba, Long.MAX_VALUE);
        assertNull(NativeCodec.pngToJpeg(Arrays.copyOf(rgba, rgba.length * 2 / 3), h.width, h.height, 4, null, 95, null), "image data cut short");
        assertNull(NativeCodec.pngToJpeg(rgba, h.width, h.height + 1, 4, null, 95, null), "fewer rows than the size says");
    }

    /**
     * Outputs past the encoder's first buffer (noise at q95: ~300 KB): the grown buffer is the one
     * handed back, and an image whose data runs out after the encoder has grown its buffer comes
     * back as null. (With libjpeg's jpeg_mem_dest the second case freed a buffer twice and killed
     * the JVM: "double free or corruption".)
     */
    @Test
    void outputsThatOutgrowTheFirstBufferAndDataThatEndsAfterIt() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        byte[] rows = new byte[512 * 512 * 3];
        new java.util.Random(21).nextBytes(rows);
        byte[] png = filteredPng(rows, 512, 512, 8, 2, 3);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ImageEncoder.write(ImageDecoder.decodeRgb(png, DecodeOptions.PILLOW), ImageFormat.JPEG, 95, expected);
        byte[] direct = NativeCodec.pngToJpeg(png, 512, 512, 3, null, 95, null);
        assertTrue(direct.length > 4 * 65536, "output of " + direct.length + " bytes");
        assertArrayEquals(expected.toByteArray(), direct);
        byte[] short400 = filteredPng(Arrays.copyOf(rows, 512 * 400 * 3), 512, 400, 8, 2, 3);
        assertNull(NativeCodec.pngToJpeg(short400, 512, 512, 3, null, 95, null), "image data for 400 of 512 rows");
    }

    /** A PNG of {@code rows} whose row y is stored with filter y % 5 (None, Sub, Up, Average, Paeth). */
    static byte[] filteredPng(byte[] rows, int w, int h, int depth, int colorType, int bpp) throws Exception {
        int rowBytes = rows.length / h;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < h; y++) {
            int f = y % 5;
            raw.write(f);
            for (int i = 0; i < rowBytes; i++) {
                int x = rows[y * rowBytes + i] & 0xff;
                int a = i >= bpp ? rows[y * rowBytes + i - bpp] & 0xff : 0;
                int b = y > 0 ? rows[(y - 1) * rowBytes + i] & 0xff : 0;
                int c = y > 0 && i >= bpp ? rows[(y - 1) * rowBytes + i - bpp] & 0xff : 0;
                int pred = switch (f) {
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) >> 1;
                    case 4 -> {
                        int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
                        yield pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                    }
                    default -> 0;
                };
                raw.write((x - pred) & 0xff);
            }
        }
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.DeflaterOutputStream(z)) {
            out.write(raw.toByteArray());
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) depth).put((byte) colorType);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", z.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** {@code png} with a chunk inserted right after IHDR (signature 8 bytes + IHDR 25). */
    static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        chunk(out, type, data);
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(t);
        crc.update(data);
        png.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(t);
        png.writeBytes(data);
        png.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * GIF LZW in C gives GifDecoder's Java indices on every GIF of the Pillow corpus and on the
     * fixture cut at every 7th byte (where a damaged stream stops and leaves zeros), and null where
     * the Java decoder throws.
     */
    @Test
    void gifLzwInCIsTheJavaDecoder() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        int compared = 0;
        java.util.List<java.nio.file.Path> gifs = new java.util.ArrayList<>(java.util.List.of(TurboJpegTest.MODES.resolve("mode_GIF.gif")));
        try (var s = Files.walk(PillowCorpusTest.corpus())) {
            s.filter(p -> p.toString().endsWith(".gif")).sorted().forEach(gifs::add);
        }
        for (java.nio.file.Path p : gifs) {
            byte[] d = Files.readAllBytes(p);
            Header h;
            try {
                h = ImageDecoder.header(d, 1L << 26);
            } catch (BadImageException e) {
                continue;
            }
            if (h.format != ImageFormat.GIF || h.gifDataOffset <= 0) continue;
            int n = h.frameWidth * h.frameHeight;
            byte[] java;
            try {
                java = GifDecoder.lzwInJava(d, h.gifDataOffset, n);
            } catch (BadImageException e) {
                assertNull(NativeCodec.gifLzw(d, h.gifDataOffset, n), p.toString());
                continue;
            }
            assertArrayEquals(java, NativeCodec.gifLzw(d, h.gifDataOffset, n), p.toString());
            compared++;
        }
        assertTrue(compared >= 20, "GIFs compared: " + compared);
        byte[] d = Files.readAllBytes(TurboJpegTest.MODES.resolve("mode_GIF.gif"));
        Header h = ImageDecoder.header(d, Long.MAX_VALUE);
        int n = h.frameWidth * h.frameHeight;
        for (int cut = h.gifDataOffset + 1; cut < d.length; cut += 7) {
            byte[] c = Arrays.copyOf(d, cut);
            assertArrayEquals(GifDecoder.lzwInJava(c, h.gifDataOffset, n), NativeCodec.gifLzw(c, h.gifDataOffset, n), "cut at " + cut);
        }
        assertNull(NativeCodec.gifLzw(d, d.length, n), "no data: the Java decoder throws");
    }

    /**
     * A 40x24 JPEG whose entropy-coded data is damaged past what the marker check sees (bytes of the
     * scan flipped, no 0xFF made or removed): libjpeg decodes through it, warning.
     */
    public static byte[] damagedScanJpeg() throws Exception {
        byte[] d = TurboJpegTest.bytes("ycc420").clone();
        int sos = 2;
        while (!((d[sos] & 0xff) == 0xFF && (d[sos + 1] & 0xff) == 0xDA)) sos++;
        int data = sos + 2 + ((d[sos + 2] & 0xff) << 8 | (d[sos + 3] & 0xff));
        for (int i = data + 5; i < data + 40; i++) {
            int b = d[i] & 0xff, x = b ^ 0x5A;
            if (b != 0xFF && x != 0xFF) d[i] = (byte) x;
        }
        return d;
    }

    /**
     * libjpeg decodes damaged scan data through (as Pillow's does) and its warning comes back to
     * Java instead of going to stderr without a file name (ToRgbCommandTest: to-rgb prints it with
     * the file's name).
     */
    @Test
    void damagedScanDataWarningComesBackToJava() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        byte[] d = damagedScanJpeg();
        assertTrue(JpegCheck.wellFormed(d), "the markers are intact");
        String[] w = new String[1];
        assertEquals(40 * 24 * 3, NativeCodec.decodeJpeg(d, 40, 24, w).length);
        assertTrue(w[0] != null && w[0].startsWith("Corrupt JPEG data"), String.valueOf(w[0]));
        String[] t = new String[1];
        assertTrue(NativeCodec.transcodeJpeg(d, 40, 24, 95, false, t).length > 0);
        assertEquals(w[0], t[0]);
        String[] none = new String[1];
        NativeCodec.decodeJpeg(TurboJpegTest.bytes("ycc420"), 40, 24, none);
        assertNull(none[0], "a sound file: no warning");
    }

    @Test
    void libjpegErrorsComeBackAsNullNotAsAnExit() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        byte[] good = TurboJpegTest.bytes("ycc420");
        assertNull(NativeCodec.decodeJpeg(new byte[0], 40, 24, null), "empty input");
        assertNull(NativeCodec.decodeJpeg(Arrays.copyOf(good, 20), 40, 24, null), "cut in the header");
        assertNull(NativeCodec.decodeJpeg(good, 41, 24, null), "another size than the header's");
        assertNull(NativeCodec.transcodeJpeg(new byte[] {1, 2, 3}, 40, 24, 95, false, null), "not a JPEG");
        assertNull(NativeCodec.encodeJpeg(new byte[10], 40, 24, 95, null), "fewer pixels than the size");
        // and the process is still here to decode a good file
        assertEquals(40 * 24 * 3, NativeCodec.decodeJpeg(good, 40, 24, null).length);
    }
}
