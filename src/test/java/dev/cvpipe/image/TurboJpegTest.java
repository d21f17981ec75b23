package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JPEG codec against Pillow 9.4 (Debian, libjpeg-turbo): the hashes below are of Pillow's
 * {@code convert('RGB')} bytes and of its {@code save(quality=95)} re-encode of them, printed by
 * test-data/make_jpeg_sampling.py when it wrote the fixtures.
 */
class TurboJpegTest {
    static final Path MODES = PillowConversionTest.MODES;

    /** name -> {Pillow's RGB bytes, Pillow's q95 JPEG of those bytes}. */
    static final Map<String, String[]> PILLOW = Map.of(
            "ycc444", new String[] {"3cafbcb1798f9b03f8894865b64696089abd3878314ab192f3ab22ff92056e37", "93b7586ea217eaf932f560e136701c87f1084d4add195027d691212f329c5f1c"},
            "ycc422", new String[] {"74d3dafb7ad22d7eac1580b1f9a0d1396fc579a22974024adc0f7f7f6714bc7e", "12697bbe5a082c8048dd3ed286689547ebd73ec4ba6b7c4728997b1ffe7c5f13"},
            "ycc420", new String[] {"655f9a2aac69341f500433167e993d563b0e5f9f71298034dbe15949ce384f08", "94d7025fb84da1192c0cba3f582b587fe47b3c686434c973e514ab7bc9dbd189"},
            "ycc440", new String[] {"88fe449c3370191d75e36c2ac2a892244b60badfac19246d03ce6495d44ba9dd", "6386a5ccdd3196432fb65e571c66c69eb6a2fb550e3f59a650fd310e03aefc27"},
            "gray_q90", new String[] {"66d8a6fa6da2ed807ebc7306d07bc51c7bfb3291ab7e3bae5debc386e3aa1d91", "eceb170dc487b3928ec24d8214eae85d2e9d50d44c448fce40fac46da4d7065c"});

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static byte[] bytes(String name) throws Exception {
        return Files.readAllBytes(MODES.resolve(name + ".jpg"));
    }

    @Test
    void nativeLibraryLoadsOnLinuxX86_64() {
        boolean linux64 = System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
        if (linux64 && !"false".equals(System.getProperty("cvpipe.nativeJpeg"))) {
            assertTrue(TurboJpeg.available(), TurboJpeg.unavailableReason());
            assertTrue(ImageDecoder.jpegCodec().startsWith("libjpeg-turbo"), ImageDecoder.jpegCodec());
        } else {
            assertTrue(ImageDecoder.jpegCodec().startsWith("JDK ImageIO"), ImageDecoder.jpegCodec());
        }
    }

    @Test
    void everySubsamplingDecodesToPillowsPixelsOnAnyJdk() throws Exception {
        for (var e : PILLOW.entrySet()) {
            RgbImage img = ImageDecoder.readRgb(MODES.resolve(e.getKey() + ".jpg"));
            assertEquals(40, img.width());
            assertEquals(24, img.height());
            assertEquals(e.getValue()[0], sha(img.pixels()), e.getKey());
        }
    }

    @Test
    void nativeDecodeIsPillowsAndCmykNeedsTheShim() throws Exception {
        if (!TurboJpeg.available()) return; // covered by nativeLibraryLoadsOnLinuxX86_64 where it must load
        for (var e : PILLOW.entrySet()) {
            byte[] d = bytes(e.getKey());
            Header h = ImageDecoder.header(d, Long.MAX_VALUE);
            assertTrue(TurboJpeg.handles(h) && JpegCheck.wellFormed(d), e.getKey());
            assertEquals(e.getValue()[0], sha(TurboJpeg.decode(d, h).pixels()), e.getKey());
            // leptonica's own reader, the path without the shim, gives the same pixels
            assertEquals(e.getValue()[0], sha(TurboJpeg.leptonicaDecode(d, h).pixels()), e.getKey());
        }
        for (String cmyk : new String[] {"mode_CMYK", "mode_YCCK"}) {
            assertEquals(NativeCodec.available(), TurboJpeg.handles(ImageDecoder.header(bytes(cmyk), Long.MAX_VALUE)), cmyk);
        }
    }

    @Test
    void jdkFallbackGivesPillowsPixelsWhereLibjpegVersionsAgree() throws Exception {
        // 4:4:0 is left out: a JDK bundling IJG libjpeg 6b upsamples it without libjpeg-turbo's smoothing
        for (String name : new String[] {"ycc444", "ycc422", "ycc420", "gray_q90"}) {
            byte[] d = bytes(name);
            Header h = ImageDecoder.header(d, Long.MAX_VALUE);
            ImageDecoder.Decoded dec = ImageDecoder.decode(d, h);
            RgbImage img = PixelConverter.convert(dec.raster(), dec.layout(), DecodeOptions.PILLOW);
            assertEquals(PILLOW.get(name)[0], sha(img.pixels()), name);
        }
    }

    @Test
    void q95EncodeIsPillowsBytes() throws Exception {
        if (!TurboJpeg.available()) return;
        for (var e : PILLOW.entrySet()) {
            RgbImage img = ImageDecoder.readRgb(MODES.resolve(e.getKey() + ".jpg"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageEncoder.write(img, ImageFormat.JPEG, 95, out);
            assertEquals(e.getValue()[1], sha(out.toByteArray()), e.getKey());
        }
    }

    @Test
    void jpegToJpegInNativeMemoryIsPillowsBytes() throws Exception {
        if (!TurboJpeg.available()) {
            assertEquals(null, ImageDecoder.transcodeJpeg(bytes("ycc420"), DecodeOptions.PILLOW, 95));
            return;
        }
        // the same bytes as decoding to Java and encoding back, which are Pillow's
        for (var e : PILLOW.entrySet()) {
            assertEquals(e.getValue()[1], sha(ImageDecoder.transcodeJpeg(bytes(e.getKey()), DecodeOptions.PILLOW, 95)), e.getKey());
        }
        // a file's comment is written back as Pillow's save writes it, its 300 dpi density is not
        // (hashes: Pillow's convert('RGB').save(quality=95) of the files, from make_jpeg_sampling.py)
        Path dir = Path.of("test-data/images/jpeg-comment");
        byte[] rgb = ImageDecoder.transcodeJpeg(Files.readAllBytes(dir.resolve("comment_rgb.jpg")), DecodeOptions.PILLOW, 95);
        assertEquals("e9efe5ff64fba91f0edf28779f7cb170c7e2ed8e59ecc964f2a49f0898221e6e", sha(rgb));
        byte[] gray = ImageDecoder.transcodeJpeg(Files.readAllBytes(dir.resolve("comment_gray.jpg")), DecodeOptions.PILLOW, 95);
        assertEquals("1780dc099f05d5a2e12fcefd0b3fd0bf6e0968b0a8ee8ddba66bd2fdaf88e4e4", sha(gray));
        // leptonica's reader and writer, the path without the shim, give the same bytes
        for (var e : PILLOW.entrySet()) {
            byte[] d = bytes(e.getKey());
            assertEquals(e.getValue()[1], sha(TurboJpeg.leptonicaTranscode(d, ImageDecoder.header(d, Long.MAX_VALUE), 95)), e.getKey());
        }
        byte[] c = Files.readAllBytes(dir.resolve("comment_rgb.jpg"));
        assertEquals("e9efe5ff64fba91f0edf28779f7cb170c7e2ed8e59ecc964f2a49f0898221e6e", sha(TurboJpeg.leptonicaTranscode(c, ImageDecoder.header(c, Long.MAX_VALUE), 95)));
        // what it leaves to the general path: CMYK without the shim, other formats, damaged markers, colour management asked for
        if (!NativeCodec.available()) assertEquals(null, ImageDecoder.transcodeJpeg(bytes("mode_CMYK"), DecodeOptions.PILLOW, 95));
        assertEquals(null, ImageDecoder.transcodeJpeg(Files.readAllBytes(MODES.resolve("mode_RGB.png")), DecodeOptions.PILLOW, 95));
        assertEquals(null, ImageDecoder.transcodeJpeg(bytes("truncated"), DecodeOptions.PILLOW, 95));
        byte[] icc = bytes("mode_CMYK_icc");
        assertEquals(null, ImageDecoder.transcodeJpeg(icc, new DecodeOptions(-1, true, false, false, DecodeOptions.DEFAULT_MAX_PIXELS), 95));
    }

    @Test
    void onlyASingleNonEmptyCommentWithoutNulCarriesOver() throws Exception {
        byte[] good = bytes("ycc420");
        assertTrue(JpegCheck.commentCarriesOver(good), "no comment");
        byte[] one = withComments(good, "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(JpegCheck.commentCarriesOver(one));
        assertFalse(JpegCheck.commentCarriesOver(withComments(good, new byte[0])), "empty: Pillow writes none, leptonica an empty one");
        assertFalse(JpegCheck.commentCarriesOver(withComments(good, new byte[] {'a', 0, 'b'})), "NUL: leptonica would cut it");
        assertFalse(JpegCheck.commentCarriesOver(withComments(good, new byte[] {'a'}, new byte[] {'b'})), "two: Pillow keeps the last");
        if (TurboJpeg.available()) assertEquals(null, ImageDecoder.transcodeJpeg(withComments(good, new byte[] {'a', 0}), DecodeOptions.PILLOW, 95));
    }

    /** {@code jpeg} with COM segments holding {@code texts} right after SOI. */
    private static byte[] withComments(byte[] jpeg, byte[]... texts) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(jpeg, 0, 2);
        for (byte[] t : texts) {
            o.write(0xFF);
            o.write(0xFE);
            o.write((t.length + 2) >> 8);
            o.write(t.length + 2);
            o.write(t, 0, t.length);
        }
        o.write(jpeg, 2, jpeg.length - 2);
        return o.toByteArray();
    }

    @Test
    void rowsNotFillingWholeWordsRoundTripLikePillow() throws Exception {
        // 7 px * 3 = 21 bytes per row: leptonica pads its rows to 24, so rows are copied one by one.
        // Hashes from Pillow: Image.frombytes('RGB', (7, 5), b).save(q=95), then its convert('RGB').
        byte[] px = new byte[7 * 5 * 3];
        for (int i = 0; i < px.length; i++) px[i] = (byte) ((i * 37 + 11) % 256);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageEncoder.write(new RgbImage(7, 5, px), ImageFormat.JPEG, 95, out);
        byte[] jpeg = out.toByteArray();
        RgbImage back = ImageDecoder.decodeRgb(jpeg, DecodeOptions.PILLOW);
        if (TurboJpeg.available()) assertEquals("3f4cb01eca026f3b572846c2891dd5b0303f8907535e52b3b6c79811a0869ffe", sha(jpeg));
        if (TurboJpeg.available()) assertEquals("864c0c89d9b2a9e62916ad66332a709e7b889e1a560f026de3064f2bd5c52f1a", sha(back.pixels()));
        assertEquals(7, back.width());
        assertEquals(5, back.height());
    }

    @Test
    void damagedStructureNeverReachesTheNativeDecoder() throws Exception {
        byte[] good = bytes("ycc420");
        assertTrue(JpegCheck.wellFormed(good));
        assertFalse(JpegCheck.wellFormed(Files.readAllBytes(MODES.resolve("truncated.jpg"))));
        assertFalse(JpegCheck.wellFormed(Arrays.copyOf(good, good.length - 2)), "no EOI");
        assertFalse(JpegCheck.wellFormed(Arrays.copyOf(good, good.length / 2)), "cut in the scan");
        byte[] junk = new byte[good.length + 3];
        System.arraycopy(good, 0, junk, 0, 2);
        junk[2] = 1; junk[3] = 2; junk[4] = 3; // bytes between SOI and the next marker: libjpeg would warn
        System.arraycopy(good, 2, junk, 5, good.length - 2);
        assertFalse(JpegCheck.wellFormed(junk), "junk before a marker");
        // a scan whose restart markers count 0, 1, then 3
        byte[] head = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0,
                (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0};
        byte[] okRst = concat(head, new byte[] {5, (byte) 0xFF, (byte) 0xD0, 6, (byte) 0xFF, 0, (byte) 0xFF, (byte) 0xD1, 7, (byte) 0xFF, (byte) 0xD9});
        byte[] badRst = concat(head, new byte[] {5, (byte) 0xFF, (byte) 0xD0, 6, (byte) 0xFF, (byte) 0xD3, 7, (byte) 0xFF, (byte) 0xD9});
        assertTrue(JpegCheck.wellFormed(okRst));
        assertFalse(JpegCheck.wellFormed(badRst), "restart markers out of order");
        // what takes the JDK path still gets its one-line reason
        BadImageException bad = org.junit.jupiter.api.Assertions.assertThrows(BadImageException.class,
                () -> ImageDecoder.decodeRgb(Arrays.copyOf(good, good.length / 2), DecodeOptions.PILLOW));
        assertTrue(bad.getMessage().startsWith("truncated"), bad.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
