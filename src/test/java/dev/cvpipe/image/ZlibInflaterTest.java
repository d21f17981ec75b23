package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Round trips through the JDK's Deflater: stored, fixed and dynamic blocks, every kind of match. */
class ZlibInflaterTest {
    static byte[] deflate(byte[] data, int level, int strategy) {
        Deflater d = new Deflater(level);
        d.setStrategy(strategy);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 14];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    static byte[] inflate(byte[] z, int outLen) {
        byte[] padded = Arrays.copyOf(z, z.length + 8);
        byte[] out = new byte[outLen];
        ZlibInflater.inflate(padded, z.length, out, outLen);
        return out;
    }

    /** Mask-like data (long runs, rows repeating at a distance), noise, and short periodic patterns. */
    static byte[][] samples() {
        Random r = new Random(42);
        byte[] mask = new byte[300 * 257];
        for (int i = 0; i < mask.length; i++) mask[i] = (byte) ((i % 300 > 100 + i / 3000) ? 3 : 0);
        byte[] noise = new byte[70_000];
        r.nextBytes(noise);
        byte[] mixed = new byte[100_000];
        for (int i = 0; i < mixed.length; i++) mixed[i] = (byte) (r.nextInt(10) == 0 ? r.nextInt(256) : "abcabcabd".charAt(i % 9));
        byte[] small = "hello hello hello".getBytes();
        return new byte[][] {mask, noise, mixed, small, new byte[1], new byte[65_536 * 2 + 5]};
    }

    @Test
    void roundTripsEveryLevelAndStrategy() {
        for (byte[] data : samples()) {
            for (int level : new int[] {0, 1, 6, 9}) {
                for (int strategy : new int[] {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY}) {
                    byte[] z = deflate(data, level, strategy);
                    assertArrayEquals(data, inflate(z, data.length), "level " + level + " strategy " + strategy + " length " + data.length);
                }
            }
        }
    }

    @Test
    void damagedStreamsThrow() {
        byte[] data = samples()[2];
        byte[] z = deflate(data, 6, Deflater.DEFAULT_STRATEGY);
        // (a flipped bit inside the data may still decode: PNG's chunk CRC catches that, see PngMaskDecodeTest)
        byte[] badHeader = z.clone();
        badHeader[0] = 0x79;   // compression method 9
        assertThrows(RuntimeException.class, () -> inflate(badHeader, data.length));
        assertThrows(RuntimeException.class, () -> inflate(Arrays.copyOf(z, z.length - 9), data.length), "truncated");
        assertThrows(RuntimeException.class, () -> inflate(z, data.length - 1), "longer than expected");
        assertThrows(RuntimeException.class, () -> inflate(z, data.length + 1), "shorter than expected");
        assertThrows(RuntimeException.class, () -> inflate(Arrays.copyOf(z, z.length - 2), data.length), "no trailer");
    }
}
