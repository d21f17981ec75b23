package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pixels of test-data/images/modes (written by test-data/make_modes.py) against the values the
 * Pillow conversion rules give, worked out here by hand from the generator's inputs.
 */
class PillowConversionTest {
    static final Path MODES = Path.of("test-data/images/modes");

    static RgbImage rgb(String name) throws BadImageException {
        return ImageDecoder.readRgb(MODES.resolve(name));
    }

    static RgbImage rgb(String name, DecodeOptions o) throws BadImageException {
        return ImageDecoder.readRgb(MODES.resolve(name), o);
    }

    static int[] px(RgbImage img, int x, int y) {
        return new int[] {img.r(x, y), img.g(x, y), img.b(x, y)};
    }

    static void assertRow(RgbImage img, int[]... expected) {
        assertEquals(expected.length, img.width());
        for (int x = 0; x < expected.length; x++) assertArrayEquals(expected[x], px(img, x, 0), "pixel " + x);
    }

    static int[] gray(int v) {
        return new int[] {v, v, v};
    }

    // Palette of the generator: index 0..3
    static final int[][] PAL = {{10, 20, 30}, {200, 100, 50}, {0, 255, 0}, {255, 255, 255}};

    @Test
    void bilevelBecomesZeroOr255() throws Exception {
        assertRow(rgb("mode_1.png"), gray(0), gray(255), gray(255), gray(0));
    }

    @Test
    void grayIsCopiedToAllChannels() throws Exception {
        assertRow(rgb("mode_L.png"), gray(0), gray(1), gray(128), gray(255));
        // a flat JPEG at quality 100 decodes to exactly the level written
        assertArrayEquals(gray(77), px(rgb("mode_L.jpg"), 5, 5));
    }

    @Test
    void grayAlphaDropsAlphaWithoutCompositing() throws Exception {
        // alphas were 0, 128, 255, 7: Pillow ignores them
        assertRow(rgb("mode_LA.png"), gray(0), gray(1), gray(128), gray(255));
    }

    @Test
    void alphaCompositesOnlyWhenAsked() throws Exception {
        DecodeOptions white = new DecodeOptions(0xFFFFFF, false, false, false, DecodeOptions.DEFAULT_MAX_PIXELS);
        // v*a/255 + 255*(255-a)/255, rounded: (0,a0) -> 255; (1,128) -> (128 + 32385 + 127)/255 = 128;
        // (128,255) -> 128; (255,7) -> 255
        assertRow(rgb("mode_LA.png", white), gray(255), gray(128), gray(128), gray(255));
        DecodeOptions black = new DecodeOptions(0x000000, false, false, false, DecodeOptions.DEFAULT_MAX_PIXELS);
        // RGBA (250,128,0,a=128) over black: (250*128+127)/255 = 125, (128*128+127)/255 = 64, 0
        RgbImage rgba = rgb("mode_RGBA.png", black);
        assertArrayEquals(new int[] {0, 0, 0}, px(rgba, 0, 0)); // alpha 0
        assertArrayEquals(new int[] {125, 64, 0}, px(rgba, 1, 0));
    }

    @Test
    void paletteGivesPaletteColoursAndDropsTransparency() throws Exception {
        assertRow(rgb("mode_P.png"), PAL);
        assertRow(rgb("mode_P_trns.png"), PAL); // index 1 is fully transparent in tRNS: colour kept
        assertRow(rgb("mode_PA.png"), PAL);     // per-entry alpha 255,128,0,64 dropped
        assertRow(rgb("mode_GIF.gif"), PAL);
        assertRow(rgb("mode_P.bmp"), PAL);
    }

    @Test
    void paletteAlphaCompositesWhenAsked() throws Exception {
        DecodeOptions black = new DecodeOptions(0, false, false, false, DecodeOptions.DEFAULT_MAX_PIXELS);
        // index 1 (200,100,50) alpha 128: (200*128+127)/255 = 100, (100*128+127)/255 = 50, (50*128+127)/255 = 25
        // index 2 alpha 0 -> black; index 3 (255,255,255) alpha 64: (255*64+127)/255 = 64
        assertRow(rgb("mode_PA.png", black), PAL[0], new int[] {100, 50, 25}, new int[] {0, 0, 0}, gray(64));
    }

    @Test
    void rgbAndRgbaKeepTheirColours() throws Exception {
        assertRow(rgb("mode_RGB.png"), new int[] {1, 2, 3}, new int[] {250, 128, 0});
        assertRow(rgb("mode_RGBA.png"), new int[] {1, 2, 3}, new int[] {250, 128, 0});
        assertRow(rgb("mode_RGB.webp"), new int[] {1, 2, 3}, new int[] {250, 128, 0}); // lossless WebP
    }

    @Test
    void sixteenBitGraySaturatesAt255() throws Exception {
        // Pillow's I;16 -> RGB clips: 0, 255, 256 -> 255, 65535 -> 255
        assertRow(rgb("mode_I16.png"), gray(0), gray(255), gray(255), gray(255));
    }

    @Test
    void depthScaleMaps65535To255() throws Exception {
        DecodeOptions scale = new DecodeOptions(-1, false, false, true, DecodeOptions.DEFAULT_MAX_PIXELS);
        // (v*255 + 32767) / 65535: 0 -> 0; 255 -> 97792/65535 = 1; 256 -> 98047/65535 = 1; 65535 -> 255
        assertRow(rgb("mode_I16.png", scale), gray(0), gray(1), gray(1), gray(255));
    }

    @Test
    void sixteenBitColourKeepsTheHighByte() throws Exception {
        // RGB;16B unpacks the high byte: 0x1234 -> 0x12, 0xFFFF -> 0xFF, 0x00FF -> 0; 0x8000, 0x7FFF, 0x0101 -> 128, 127, 1
        assertRow(rgb("mode_RGB16.png"), new int[] {0x12, 0xFF, 0x00}, new int[] {0x80, 0x7F, 0x01});
        // 16-bit gray+alpha opens as RGBA from the high bytes: 0x1234 -> 18, 0xABCD -> 171
        assertRow(rgb("mode_LA16.png"), gray(0x12), gray(0xAB));
    }

    /** Pillow's cmyk2rgb with MULDIV255 for C,M,Y,K = 30,60,90,120, written out. */
    static int[] cmykFormula() {
        int nk = 255 - 120;                           // 135
        int c = muldiv255(30, nk);                    // t = 30*135+128 = 4178; ((4178>>8)+4178)>>8 = 4194>>8 = 16
        int m = muldiv255(60, nk);                    // t = 8228; (32+8228)>>8 = 32
        int y = muldiv255(90, nk);                    // t = 12278; (47+12278)>>8 = 48
        assertEquals(16, c);
        assertEquals(32, m);
        assertEquals(48, y);
        return new int[] {nk - c, nk - m, nk - y};    // 119, 103, 87
    }

    static int muldiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    @Test
    void cmykJpegUsesPillowsFormulaOnAdobeInvertedSamples() throws Exception {
        int[] want = cmykFormula();
        assertArrayEquals(new int[] {119, 103, 87}, want);
        assertArrayEquals(want, px(rgb("mode_CMYK.jpg"), 3, 7));
        assertArrayEquals(want, px(rgb("mode_CMYK_icc.jpg"), 3, 7), "the ICC profile is ignored unless --icc");
        assertArrayEquals(want, px(rgb("mode_CMYK.tif"), 3, 7), "TIFF CMYK is not inverted");
    }

    @Test
    void ycckGoesThroughYccThenTheSameFormula() throws Exception {
        // The encoder's RGB->YCC and the decoder's YCC->RGB round C,M,Y by up to one level each,
        // so the flat YCCK file decodes within 1 of the CMYK formula's (119, 103, 87).
        int[] want = cmykFormula();
        int[] got = px(rgb("mode_YCCK.jpg"), 8, 8);
        for (int c = 0; c < 3; c++) assertTrue(Math.abs(got[c] - want[c]) <= 1, "channel " + c + ": " + got[c] + " vs " + want[c]);
    }

    /** Known answers from an independent colour engine: Pillow's ImageCms (LittleCMS 2) to its built-in sRGB. */
    static void assertNear(int[] want, int[] got, int tolerance) {
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(want[c] - got[c]) <= tolerance, java.util.Arrays.toString(got) + " vs " + java.util.Arrays.toString(want));
        }
    }

    @Test
    void iccOptionColourManagesCmyk() throws Exception {
        DecodeOptions icc = new DecodeOptions(-1, true, false, false, DecodeOptions.DEFAULT_MAX_PIXELS);
        int[] managed = px(rgb("mode_CMYK_icc.jpg", icc), 3, 7);
        // ImageCms.profileToProfile(im, ps_cmyk.icc, sRGB) gives (180, 146, 112); the JDK's sRGB profile
        // and 8-bit pipeline land within 3 levels of it. Far from the profile-blind (119, 103, 87).
        assertNear(new int[] {180, 146, 112}, managed, 3);
    }

    @Test
    void iccOptionMovesAdobeRgbToSrgb() throws Exception {
        DecodeOptions icc = new DecodeOptions(-1, true, false, false, DecodeOptions.DEFAULT_MAX_PIXELS);
        RgbImage plain = rgb("rgb_a98.png");
        assertArrayEquals(new int[] {200, 50, 50}, px(plain, 0, 0), "without --icc the profile is ignored, as in Pillow");
        RgbImage managed = rgb("rgb_a98.png", icc);
        // ImageCms: (200,50,50) in a98 -> (232,46,46) in sRGB; mid gray 128 -> 129
        assertNear(new int[] {232, 46, 46}, px(managed, 0, 0), 1);
        assertNear(new int[] {129, 129, 129}, px(managed, 1, 0), 1);
    }

    @Test
    void exifTransposeRotatesOnlyWhenAsked() throws Exception {
        RgbImage plain = rgb("exif_orient6.png");
        assertEquals(2, plain.width());
        DecodeOptions t = new DecodeOptions(-1, false, true, false, DecodeOptions.DEFAULT_MAX_PIXELS);
        RgbImage turned = rgb("exif_orient6.png", t);
        // orientation 6 = rotate 90 degrees clockwise: the 2x1 row [red, blue] becomes a 1x2 column, red on top
        assertEquals(1, turned.width());
        assertEquals(2, turned.height());
        assertArrayEquals(new int[] {255, 0, 0}, px(turned, 0, 0));
        assertArrayEquals(new int[] {0, 0, 255}, px(turned, 0, 1));
    }

    @Test
    void realFormatWinsOverTheName() throws Exception {
        RgbImage img = rgb("png_named.jpg");
        assertEquals(3, img.width());
        assertArrayEquals(new int[] {9, 8, 7}, px(img, 2, 1));
    }

    @Test
    void badFilesGiveOneLineReasons() {
        // the words to-rgb's copy check uses too (predict, to-rgb --force and inspect --deep decode it)
        assertEquals("truncated: JPEG has no end-of-image marker after its last scan", reason("truncated.jpg"));
        assertEquals("empty file (0 bytes)", reason("zero.jpg"));
        assertTrue(reason("not_an_image.png").startsWith("not an image"));
        assertTrue(reason("bomb.png").startsWith("decompression bomb: 20000x20000 = 400,000,000 pixels"), reason("bomb.png"));
        assertTrue(reason("no_such_file.png").contains("no such file"));
    }

    @Test
    void maxPixelsIsCheckedFromTheHeader() {
        DecodeOptions tiny = DecodeOptions.PILLOW.withMaxPixels(1);
        BadImageException e = assertThrows(BadImageException.class, () -> rgb("mode_RGB.png", tiny));
        assertTrue(e.getMessage().contains("2x1 = 2 pixels exceeds the limit of 1"), e.getMessage());
    }

    private static String reason(String name) {
        BadImageException e = assertThrows(BadImageException.class, () -> rgb(name));
        assertTrue(!e.getMessage().contains("\n"));
        return e.getMessage();
    }

    @Test
    void masksAreIndicesForPaletteAndLevelsForGray() throws Exception {
        IndexMask p = ImageDecoder.readMask(MODES.resolve("mode_P.png"));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, p.values());
        IndexMask l = ImageDecoder.readMask(MODES.resolve("mode_L.png"));
        assertArrayEquals(new byte[] {0, 1, (byte) 128, (byte) 255}, l.values());
        assertThrows(BadImageException.class, () -> ImageDecoder.readMask(MODES.resolve("mode_RGB.png")));
    }

    @Test
    void libjpegYccTablesMatchTheirDefinition() {
        // jdcolor.c: Cr=>R is the nearest int to 1.402*(Cr-128); spot-check both ends
        assertEquals(Math.round(1.402 * 127), PixelConverter.clip(0 + crR(255)));
        assertEquals(0, PixelConverter.clip(0 + crR(0)));
    }

    private static int crR(int cr) {
        int fix = (int) (1.40200 * 65536 + 0.5);
        return (fix * (cr - 128) + (1 << 15)) >> 16;
    }
}
