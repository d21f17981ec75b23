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
 * cvpipe's JNI shim over libjpeg (src/main/c/cvpipe_jpeg.c). The Pillow hashes of 1- and
 * 3-component files are checked through it in {@link TurboJpegTest}; here: that a build which could
 * build it did and loads it, and that CMYK/YCCK through it equal the JDK path's pixels, which
 * PillowConversionTest holds to Pillow's.
 */
class NativeJpegTest {
    @Test
    void theBuildBuiltTheShimAndItLoads() {
        String status = NativeJpeg.buildStatus();
        boolean linux64 = System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");
        Assumptions.assumeTrue(linux64 && !"false".equals(System.getProperty("cvpipe.nativeJpeg")), "no shim on this platform");
        Assumptions.assumeFalse(status.equals("skipped: no gcc"), "built without gcc: leptonica's path is used");
        assertEquals("built", status, "src/main/c/build.sh");
        assertTrue(NativeJpeg.available(), NativeJpeg.unavailableReason());
        assertTrue(ImageDecoder.jpegCodec().contains("rows through cvpipe's shim"), ImageDecoder.jpegCodec());
    }

    @Test
    void cmykAndYcckAreTheJdkPathsPixelsAndBytes() throws Exception {
        Assumptions.assumeTrue(NativeJpeg.available(), "no shim");
        for (String name : new String[] {"mode_CMYK", "mode_YCCK"}) {
            byte[] d = TurboJpegTest.bytes(name);
            Header h = ImageDecoder.header(d, Long.MAX_VALUE);
            ImageDecoder.Decoded dec = ImageDecoder.decode(d, h); // the JDK path: raw samples, Pillow's formula in Java
            RgbImage jdk = PixelConverter.convert(dec.raster(), dec.layout(), DecodeOptions.PILLOW);
            byte[] px = NativeJpeg.decode(d, h.width, h.height);
            assertArrayEquals(jdk.pixels(), px, name);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageEncoder.write(jdk, ImageFormat.JPEG, 95, out);
            assertArrayEquals(out.toByteArray(), ImageDecoder.transcodeJpeg(d, DecodeOptions.PILLOW, 95), name);
        }
    }

    @Test
    void libjpegErrorsComeBackAsNullNotAsAnExit() throws Exception {
        Assumptions.assumeTrue(NativeJpeg.available(), "no shim");
        byte[] good = TurboJpegTest.bytes("ycc420");
        assertNull(NativeJpeg.decode(new byte[0], 40, 24), "empty input");
        assertNull(NativeJpeg.decode(Arrays.copyOf(good, 20), 40, 24), "cut in the header");
        assertNull(NativeJpeg.decode(good, 41, 24), "another size than the header's");
        assertNull(NativeJpeg.transcode(new byte[] {1, 2, 3}, 40, 24, 95, false), "not a JPEG");
        assertNull(NativeJpeg.encode(new byte[10], 40, 24, 95), "fewer pixels than the size");
        // and the process is still here to decode a good file
        assertEquals(40 * 24 * 3, NativeJpeg.decode(good, 40, 24).length);
    }
}
