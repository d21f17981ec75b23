package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Already-RGB files are copied without a decode, but never when their data cannot fill their header. */
class DataLengthTest {
    @TempDir
    Path dir;

    private RgbConversion.Result copy(String name, byte[] bytes) throws IOException {
        Path src = Files.createDirectories(dir.resolve("in")).resolve(name);
        Files.write(src, bytes);
        var o = new RgbConversion.Options(dir.resolve("out"), RgbConversion.Target.KEEP, 95, false, false, false, DecodeOptions.PILLOW);
        return RgbConversion.convert(new ImageFiles.Input(src, src.getParent()), o);
    }

    @Test
    void aPngHeaderClaimingMoreThanItsDataHoldsIsNotCopied() throws IOException {
        // 13000x13000 RGB needs 13000 * (3 * 13000 + 1) = 507013000 bytes of scanlines; these 1,000 random bytes inflate to 1,000
        byte[] junk = new byte[1000];
        new Random(1).nextBytes(junk);
        RgbConversion.Result r = copy("forged.png", png(13000, 13000, junk));
        assertEquals("bad", r.action(), r.reason());
        assertEquals("truncated: PNG image data ends early (1000 of 507013000 bytes)", r.reason());
        assertFalse(Files.exists(dir.resolve("out/forged.png")));

        // the same check passes a whole image: 4 rows of 1 + 3 * 5 bytes
        RgbConversion.Result ok = copy("whole.png", png(5, 4, new byte[4 * 16]));
        assertEquals("copied", ok.action(), ok.reason());
    }

    @Test
    void adam7SizesAreSummedPassByPass() {
        Header h = new Header();
        h.format = ImageFormat.PNG;
        h.width = 5;
        h.height = 3;
        h.pngColorType = 2;
        h.pngBitDepth = 8;
        h.pngInterlaced = true;
        // passes (w x h): 1x1, 0, 1x1(rows 0), 1x1... by hand: p1 1x1, p2 x>=4: 1x1, p3 y>=4: none, p4 x=2: 1x1,
        // p5 y=2: 3x1, p6 x=1,3: 2x2, p7 y=1: 5x1 -> rows of (1 + 3w) bytes
        long expected = (1 + 3) + (1 + 3) + (1 + 3) + (1 + 9) + 2 * (1 + 6) + (1 + 15);
        assertEquals(expected, DataLength.pngRawSize(h));
        h.pngInterlaced = false;
        assertEquals(3 * (1 + 15), DataLength.pngRawSize(h));
    }

    @Test
    void aJpegHeaderClaimingMoreBlocksThanItsDataCanCodeIsNotCopied() throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, (x * 16) << 16 | (y * 16) << 8 | 77);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", bo);
        byte[] real = bo.toByteArray();
        assertEquals("copied", copy("real.jpg", real).action());

        byte[] forged = real.clone();
        int sof = sof0(forged);
        ByteBuffer.wrap(forged, sof + 5, 4).putShort((short) 12000).putShort((short) 12000);
        RgbConversion.Result r = copy("forged.jpg", forged);
        assertEquals("bad", r.action(), r.reason());
        // ImageIO writes 4:2:0: 1500 * 1500 luma blocks + 2 * 750 * 750 chroma blocks, 2 bits each at least
        assertEquals("truncated: JPEG data (" + (eoi(forged) - scanStart(forged)) + " bytes) cannot fill 12000x12000 (at least 843750 bytes)", r.reason());
    }

    /** inspect --deep must not call "ok" what to-rgb refuses as truncated (libjpeg-turbo pads the missing blocks). */
    @Test
    void inspectDeepCallsTheForgedJpegTruncatedAsToRgbDoes() throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", bo);
        byte[] forged = bo.toByteArray();
        ByteBuffer.wrap(forged, sof0(forged) + 5, 4).putShort((short) 4000).putShort((short) 4000);
        Path f = dir.resolve("deep-forged.jpg");
        Files.write(f, forged);
        ImageInfo info = ImageInspector.inspect(f, true);
        assertEquals("truncated: JPEG data (" + (eoi(forged) - scanStart(forged)) + " bytes) cannot fill 4000x4000 (at least 93750 bytes)",
                info.status());
        assertEquals(ImageInfo.OK, ImageInspector.inspect(f, false).status()); // header-only stays header-only
    }

    private static int sof0(byte[] d) {
        for (int i = 2; i + 1 < d.length; i++) if ((d[i] & 0xff) == 0xFF && (d[i + 1] & 0xff) == 0xC0) return i;
        throw new AssertionError("no SOF0");
    }

    private static int scanStart(byte[] d) {
        for (int i = 2; i + 3 < d.length; i++) {
            if ((d[i] & 0xff) == 0xFF && (d[i + 1] & 0xff) == 0xDA) return i + 2 + ((d[i + 2] & 0xff) << 8 | (d[i + 3] & 0xff));
        }
        throw new AssertionError("no SOS");
    }

    private static int eoi(byte[] d) {
        for (int i = d.length - 2; i >= 0; i--) if ((d[i] & 0xff) == 0xFF && (d[i + 1] & 0xff) == 0xD9) return i;
        throw new AssertionError("no EOI");
    }

    /** An RGB 8-bit PNG whose IDAT is {@code raw} deflated, with valid chunk CRCs. */
    static byte[] png(int w, int h, byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater def = new Deflater();
        def.setInput(raw);
        def.finish();
        byte[] buf = new byte[raw.length + 1024];
        int n = def.deflate(buf);
        def.end();
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
