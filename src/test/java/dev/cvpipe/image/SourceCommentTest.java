package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Which comment a JPEG written from another file carries, one test per rule of Pillow 9.4's loaders
 * and JPEG save (the expected bytes were printed by Pillow 9.4 for the same inputs).
 */
class SourceCommentTest {
    private static final byte[] GRAY = grayPng();

    private static byte[] grayPng() {
        try {
            return NativeCodecTest.filteredPng(new byte[64], 8, 8, 8, 0, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 1x1 GIF89a with these comment extensions before its image. */
    private static byte[] gifWithComments(String... comments) {
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        g.writeBytes(latin1("GIF89a"));
        g.writeBytes(new byte[] {1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        for (String c : comments) {
            g.writeBytes(new byte[] {0x21, (byte) 0xFE});
            if (!c.isEmpty()) { // one sub-block, then the terminator (an empty comment is the terminator alone)
                g.write(c.length());
                g.writeBytes(latin1(c));
            }
            g.write(0);
        }
        g.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B});
        return g.toByteArray();
    }

    private static byte[] comment(byte[] file) throws Exception {
        return SourceComment.of(file, ImageDecoder.header(file, Long.MAX_VALUE));
    }

    private static byte[] text(String type, byte[] payload) throws Exception {
        return NativeCodecTest.withChunkAfterHeader(GRAY, type, payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] deflate(byte[] b) throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(z)) {
            out.write(b);
        }
        return z.toByteArray();
    }

    @Test
    void pngTextIsLatin1WrittenAsUtf8() throws Exception {
        assertArrayEquals("caf\u00e9".getBytes(StandardCharsets.UTF_8), comment(text("tEXt", latin1("comment\0caf\u00e9"))));
    }

    @Test
    void pngCompressedTextIsInflated() throws Exception {
        assertArrayEquals(latin1("zipped text"), comment(text("zTXt", concat(latin1("comment\0\0"), deflate(latin1("zipped text"))))));
    }

    @Test
    void pngInternationalTextIsUtf8AsItIs() throws Exception {
        byte[] euro = "int\u20ac".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(euro, comment(text("iTXt", concat(latin1("comment\0\0\0en\0c\0"), euro))));
        assertArrayEquals(euro, comment(text("iTXt", concat(latin1("comment\0\1\0en\0c\0"), deflate(euro)))), "compressed");
    }

    @Test
    void pngInternationalTextThatIsNotUtf8IsSkipped() throws Exception {
        byte[] bad = concat(latin1("comment\0\0\0\0\0"), new byte[] {(byte) 0xff});
        // chunks in the file: IHDR, tEXt "kept", iTXt (not UTF-8), ...: the last one is skipped, the earlier stays
        byte[] file = NativeCodecTest.withChunkAfterHeader(text("iTXt", bad), "tEXt", latin1("comment\0kept"));
        assertArrayEquals(latin1("kept"), comment(file));
        assertNull(comment(text("iTXt", bad)));
    }

    @Test
    void pngKeyIsExactlyLowerCaseComment() throws Exception {
        assertNull(comment(text("tEXt", latin1("Comment\0Capital"))));
        assertNull(comment(text("tEXt", latin1("comments\0plural"))));
    }

    @Test
    void pngEmptyCommentIsNone() throws Exception {
        assertNull(comment(text("tEXt", latin1("comment\0"))));
    }

    /** Pillow 9.4 reads a tEXt/zTXt "comment" without a NUL as keyword "comment" with text "": it replaces an earlier one. */
    @Test
    void pngCommentWithoutNulEmptiesAnEarlierOne() throws Exception {
        for (String type : new String[] {"tEXt", "zTXt"}) {
            byte[] file = NativeCodecTest.withChunkAfterHeader(text(type, latin1("comment")), "tEXt", latin1("comment\0abc"));
            assertNull(comment(file), type);
        }
    }

    @Test
    void pngLastCommentWinsAndTextAfterTheImageDataCounts() throws Exception {
        byte[] early = text("tEXt", latin1("comment\0early"));
        int iend = early.length - 12;
        ByteArrayOutputStream late = new ByteArrayOutputStream();
        late.write(early, 0, iend);
        byte[] chunk = NativeCodecTest.withChunkAfterHeader(GRAY, "tEXt", latin1("comment\0late"));
        late.write(chunk, 33, chunk.length - GRAY.length); // just the tEXt chunk
        late.write(early, iend, 12);
        assertArrayEquals(latin1("late"), comment(late.toByteArray()));
    }

    @Test
    void pngNulBytesStay() throws Exception {
        assertArrayEquals(new byte[] {'a', 0, 'b'}, comment(text("tEXt", latin1("comment\0a\0b"))));
    }

    @Test
    void gifCommentsBeforeTheFirstImageJoinWithNewline() throws Exception {
        assertArrayEquals(latin1("one\ntwo"), comment(gifWithComments("one", "two")));
        assertArrayEquals(latin1("\ntwo"), comment(gifWithComments("", "two")), "an empty first one still takes its newline");
        assertNull(comment(gifWithComments()));
    }

    @Test
    void jpegLastCommentBeforeTheScan() throws Exception {
        byte[] jpeg = TurboJpegTest.bytes("ycc420");
        byte[] two = concat(Arrays.copyOf(jpeg, 2), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 5, 'o', 'n', 'e'},
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 5, 't', 'w', 'o'}, Arrays.copyOfRange(jpeg, 2, jpeg.length));
        assertArrayEquals(latin1("two"), comment(two));
        // Pillow skips bytes that are not 0xFF between segments
        byte[] junk = concat(Arrays.copyOf(jpeg, 2), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 5, 'o', 'n', 'e'},
                new byte[] {0, (byte) 0xFF, (byte) 0xFE, 0, 5, 'a', 'b', 'c'}, Arrays.copyOfRange(jpeg, 2, jpeg.length));
        assertArrayEquals(latin1("abc"), comment(junk));
    }

    /** What Pillow 9.4 wrote for an 8x8 PNG with tEXt comment 'café' saved as JPEG q95: FF FE 00 07 'caf' C3 A9 at byte 20. */
    @Test
    void bothJpegPathsWriteTheCommentWherePillowDoes() throws Exception {
        Assumptions.assumeTrue(NativeCodec.available(), "no shim");
        byte[] png = text("tEXt", latin1("comment\0caf\u00e9"));
        byte[] expected = {(byte) 0xFF, (byte) 0xFE, 0, 7, 'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9};
        byte[] direct = ImageDecoder.transcodePng(png, DecodeOptions.PILLOW, 95);
        assertArrayEquals(expected, Arrays.copyOfRange(direct, 20, 29));
        ByteArrayOutputStream general = new ByteArrayOutputStream();
        ImageEncoder.write(ImageDecoder.decodeRgb(png, DecodeOptions.PILLOW), ImageFormat.JPEG, 95, null, comment(png), general);
        assertArrayEquals(direct, general.toByteArray());
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        ImageEncoder.write(ImageDecoder.decodeRgb(png, DecodeOptions.PILLOW), ImageFormat.JPEG, 95, none);
        assertEquals(direct.length - 9, none.size());
    }
}
