package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageInspectorTest {
    static ImageInfo info(String name) {
        return ImageInspector.inspect(Path.of("test-data/images/modes", name), false);
    }

    @ParameterizedTest
    @CsvSource({
        "mode_1.png, PNG, 1, 1", "mode_L.png, PNG, L, 8", "mode_LA.png, PNG, LA, 8", "mode_P.png, PNG, P, 2",
        "mode_P_trns.png, PNG, P, 2", "mode_PA.png, PNG, PA, 2", "mode_RGB.png, PNG, RGB, 8", "mode_RGBA.png, PNG, RGBA, 8",
        "mode_I16.png, PNG, I;16, 16", "mode_LA16.png, PNG, I;16A, 16", "mode_RGB16.png, PNG, RGB, 16",
        "mode_CMYK.jpg, JPEG, CMYK, 8", "mode_YCCK.jpg, JPEG, YCCK, 8", "mode_L.jpg, JPEG, L, 8", "mode_RGB.jpg, JPEG, RGB, 8",
        "mode_GIF.gif, GIF, P, 2", "mode_P.bmp, BMP, P, 8", "mode_CMYK.tif, TIFF, CMYK, 8", "mode_RGB.webp, WEBP, RGB, 8",
    })
    void headerGivesFormatModeAndDepth(String file, String format, String mode, int bits) {
        ImageInfo i = info(file);
        assertEquals(ImageInfo.OK, i.status());
        assertEquals(format, i.format());
        assertEquals(mode, i.mode());
        assertEquals(bits, i.bitsPerSample());
        assertFalse(i.extensionMismatch());
    }

    @Test
    void sizesIccAndOrientation() {
        assertEquals(4, info("mode_L.png").width());
        assertEquals(1, info("mode_L.png").height());
        assertEquals(16, info("mode_CMYK.jpg").height());
        assertEquals("Artifex PS CMYK Profile", info("mode_CMYK_icc.jpg").iccProfile()); // ghostscript's ps_cmyk.icc 'desc'
        assertNull(info("mode_CMYK.jpg").iccProfile());
        assertEquals(6, info("exif_orient6.png").exifOrientation());
        assertEquals(0, info("mode_RGB.png").exifOrientation());
    }

    @Test
    void lyingExtensionIsFlagged() {
        ImageInfo i = info("png_named.jpg");
        assertEquals("PNG", i.format());
        assertTrue(i.extensionMismatch());
    }

    @Test
    void headerOnlyMissesTruncationDeepFindsIt() {
        assertTrue(info("truncated.jpg").ok());
        ImageInfo deep = ImageInspector.inspect(Path.of("test-data/images/modes/truncated.jpg"), true);
        assertTrue(deep.status().startsWith("truncated"), deep.status());
    }

    @Test
    void badFilesHaveAStatusNotAnException() {
        assertEquals("empty file (0 bytes)", info("zero.jpg").status());
        assertTrue(info("not_an_image.png").status().startsWith("not an image"));
        assertTrue(info("bomb.png").status().startsWith("decompression bomb"));
        assertEquals(20000, info("bomb.png").width());
    }
}
