package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.report.BadInputs;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image whose 4th band carries data is never trained as RGB: one line naming the file. */
class FourBandRefusalTest {
    @TempDir
    Path tmp;

    private Path argb(String name, String format, int alpha) throws Exception {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) img.setRGB(x, y, (x == 1 && y == 1 ? alpha : 255) << 24 | 0x336699);
        Path p = tmp.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()), "a writer for " + format);
        return p;
    }

    @Test
    void fourBandTiffAndRgbaPngWithDataInAlphaAreRefusedNamingTheFile() throws Exception {
        Path tiff = argb("nir.tif", "tiff", 17), png = argb("mask-in-alpha.png", "png", 0);
        for (Path p : List.of(tiff, png)) {
            BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.readRgbThreeBands(p));
            assertTrue(e.getMessage().startsWith("4 bands ("), e.getMessage());
            assertTrue(e.getMessage().contains("training takes 3"), e.getMessage());
        }
        // Through the training input: reported once as 'PATH: reason', the image skipped.
        BadInputs bad = new BadInputs(false);
        ImageSource src = new ImageSource(List.of(tiff, png), 8, 8, ResizeMode.CENTER_CROP, bad);
        assertNull(src.load(0));
        assertNull(src.augmented(Augment.parse(Augment.CLASSIFIER_DEFAULT), 0, 0).load(1));
        assertEquals(2, bad.count());
        assertTrue(bad.lines().get(0).startsWith(tiff + ": 4 bands"), bad.lines().get(0));
    }

    @Test
    void opaqueAlphaHoldsNoDataAndIsDroppedAsPillowDoes() throws Exception {
        Path png = argb("opaque.png", "png", 255);
        var rgb = ImageDecoder.readRgbThreeBands(png);
        assertEquals(0x33, rgb.r(1, 1));
        assertEquals(0x66, rgb.g(1, 1));
        assertEquals(0x99, rgb.b(1, 1));
        assertArrayEquals(ImageDecoder.readRgb(png).pixels(), rgb.pixels());
    }
}
