package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast mask path against PNGs built here byte by byte, every row filter used, so the
 * expected values are the ones we encoded; and against ImageIO's answer on the same files.
 */
class PngMaskDecodeTest {
    @TempDir
    Path dir;

    /** Values with runs (like masks) and noise (so every filter has work to do). */
    static int[] values(int w, int h, int max, long seed) {
        Random r = new Random(seed);
        int[] v = new int[w * h];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(4) == 0 ? r.nextInt(max + 1) : (i / 7 + i / w) % (max + 1);
        return v;
    }

    /** Packs samples into PNG scanlines (MSB first below 8 bits) without filter bytes. */
    static byte[][] scanlines(int[] samples, int w, int h, int depth, int channels) {
        int rowBytes = (w * channels * depth + 7) / 8;
        byte[][] rows = new byte[h][rowBytes];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w * channels; x++) {
                int s = samples[y * w * channels + x];
                int bit = x * depth;
                rows[y][bit / 8] |= (byte) (s << (8 - depth - bit % 8));
            }
        }
        return rows;
    }

    /** The PNG spec's Paeth predictor, in the spec's own form. */
    static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        if (pb <= pc) return b;
        return c;
    }

    /** A PNG file whose row y uses filter y % 5. */
    static byte[] png(int w, int h, int depth, int colorType, byte[][] rows, int bpp) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] prior = new byte[rows[0].length];
        for (int y = 0; y < h; y++) {
            int filter = y % 5;
            byte[] row = rows[y];
            raw.write(filter);
            for (int i = 0; i < row.length; i++) {
                int x = row[i] & 0xff;
                int a = i >= bpp ? row[i - bpp] & 0xff : 0;
                int b = prior[i] & 0xff;
                int c = i >= bpp ? prior[i - bpp] & 0xff : 0;
                int pred = switch (filter) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) / 2;
                    default -> paeth(a, b, c);
                };
                raw.write((x - pred) & 0xff);
            }
            prior = row;
        }
        Deflater d = new Deflater();
        d.setInput(raw.toByteArray());
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        byte[] zd = z.toByteArray();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(out);
        o.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream ih = new DataOutputStream(ihdr);
        ih.writeInt(w);
        ih.writeInt(h);
        ih.write(new byte[] {(byte) depth, (byte) colorType, 0, 0, 0});
        chunk(o, "IHDR", ihdr.toByteArray());
        if (colorType == 3) {
            byte[] plte = new byte[3 << depth];
            for (int i = 0; i < plte.length; i++) plte[i] = (byte) (i * 37);   // colours unlike indices
            chunk(o, "PLTE", plte);
        }
        // split the data over two IDAT chunks, as encoders do
        int half = zd.length / 2;
        chunk(o, "IDAT", java.util.Arrays.copyOfRange(zd, 0, half));
        chunk(o, "IDAT", java.util.Arrays.copyOfRange(zd, half, zd.length));
        chunk(o, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(DataOutputStream o, String type, byte[] data) throws IOException {
        o.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        o.write(t);
        o.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        o.writeInt((int) crc.getValue());
    }

    private void check(int w, int h, int depth, int colorType, int channels, long seed) throws Exception {
        int max = (1 << depth) - 1;
        int[] samples = values(w * channels, h, max, seed);
        byte[] file = png(w, h, depth, colorType, scanlines(samples, w, h, depth, channels), Math.max(1, depth * channels / 8));
        int[] expected = new int[w * h];
        for (int i = 0; i < expected.length; i++) expected[i] = samples[i * channels];   // gray of gray+alpha
        IndexMask fast = PngDecoder.decodeMask(file);
        assertNotNull(fast, "handled");
        assertEquals(w, fast.width());
        assertEquals(h, fast.height());
        assertArrayEquals(expected, toInts(fast.values()));
        // and what ImageIO makes of the same file, through readMask's slow path
        Path p = Files.write(dir.resolve("m" + depth + "_" + colorType + ".png"), file);
        java.awt.image.Raster r = javax.imageio.ImageIO.read(p.toFile()).getRaster();
        assertArrayEquals(expected, r.getSamples(0, 0, w, h, 0, new int[w * h]));
        assertArrayEquals(expected, toInts(ImageDecoder.readMask(p).values()));
    }

    static int[] toInts(byte[] b) {
        int[] v = new int[b.length];
        for (int i = 0; i < b.length; i++) v[i] = b[i] & 0xff;
        return v;
    }

    @Test
    void gray8() throws Exception {
        check(37, 23, 8, 0, 1, 1);
    }

    @Test
    void grayAlpha8KeepsGray() throws Exception {
        check(19, 11, 8, 4, 2, 2);
    }

    @Test
    void palette8421() throws Exception {
        check(33, 17, 8, 3, 1, 3);
        check(33, 17, 4, 3, 1, 4);
        check(31, 13, 2, 3, 1, 5);
        check(29, 10, 1, 3, 1, 6);
    }

    @Test
    void randomDamageNeverEscapesAsAnythingButNull() throws Exception {
        int w = 40, h = 30;
        byte[] good = png(w, h, 8, 0, scanlines(values(w, h, 5, 9), w, h, 8, 1), 1);
        Random r = new Random(11);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] f = good.clone();
            for (int k = 1 + r.nextInt(4); k > 0; k--) f[8 + r.nextInt(f.length - 8)] = (byte) r.nextInt(256);
            IndexMask m = PngDecoder.decodeMask(f);   // must return, never throw or run away
            if (m != null) assertEquals(m.width() * m.height(), m.values().length);
        }
        // a header claiming 30000x30000 over a few bytes of data is refused without allocating
        byte[] bomb = good.clone();
        bomb[16] = 0; bomb[17] = 0; bomb[18] = 0x75; bomb[19] = 0x30;
        bomb[20] = 0; bomb[21] = 0; bomb[22] = 0x75; bomb[23] = 0x30;
        CRC32 crc = new CRC32();
        crc.update(bomb, 12, 17);
        int c = (int) crc.getValue();
        bomb[29] = (byte) (c >>> 24); bomb[30] = (byte) (c >>> 16); bomb[31] = (byte) (c >>> 8); bomb[32] = (byte) c;
        assertNull(PngDecoder.decodeMask(bomb));
    }

    @Test
    void otherPngsAreLeftToImageIO() throws Exception {
        byte[] rgb = png(4, 2, 8, 2, scanlines(new int[24], 4, 2, 8, 3), 3);
        assertNull(PngDecoder.decodeMask(rgb));
        byte[] gray16 = png(4, 2, 16, 0, new byte[][] {new byte[8], new byte[8]}, 2);
        assertNull(PngDecoder.decodeMask(gray16));
        byte[] ok = png(4, 2, 8, 0, scanlines(new int[8], 4, 2, 8, 1), 1);
        assertNull(PngDecoder.decodeMask(java.util.Arrays.copyOf(ok, ok.length - 30)), "truncated");
        assertNull(PngDecoder.decodeMask("not a png at all, just text".getBytes()));
        byte[] damaged = ok.clone();
        damaged[damaged.length - 20] ^= 4;   // inside the last IDAT: its CRC no longer matches
        assertNull(PngDecoder.decodeMask(damaged));
    }
}
