package dev.cvpipe.image;

import java.util.Arrays;

/**
 * A zlib (RFC 1950/1951) decoder for PNG masks, in Java because masks are where zlib's own
 * inflate is slow: a 512×512 mask is a few thousand symbols, nearly all long back-references,
 * which zlib copies a few bytes at a time and this copies with {@code System.arraycopy} /
 * {@code Arrays.fill} — several times faster on such data. Malformed streams throw (any
 * RuntimeException) and callers fall back to {@link java.util.zip.Inflater} through ImageIO; the
 * Adler-32 trailer is not recomputed (see {@link #run}), damage is caught by PNG's chunk CRCs.
 */
final class ZlibInflater {
    private static final int[] LEN_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
        99, 115, 131, 163, 195, 227, 258};
    private static final int[] LEN_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
        12, 12, 13, 13};
    private static final int[] CLEN_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final Huffman FIXED_LIT, FIXED_DIST;

    static {
        int[] lit = new int[288];
        Arrays.fill(lit, 0, 144, 8);
        Arrays.fill(lit, 144, 256, 9);
        Arrays.fill(lit, 256, 280, 7);
        Arrays.fill(lit, 280, 288, 8);
        FIXED_LIT = new Huffman(lit, 288);
        int[] dist = new int[30];
        Arrays.fill(dist, 5);
        FIXED_DIST = new Huffman(dist, 30);
    }

    private final byte[] in;
    private final int inEnd;
    private int pos;
    private long bits;
    private int bitCount;

    private ZlibInflater(byte[] in, int len) {
        this.in = in;
        this.inEnd = len;
    }

    /**
     * Inflates the zlib stream {@code in[0..len)} into exactly {@code out[0..outLen)}. Throws
     * (any RuntimeException) when the stream is malformed, too short or too long, or fails its
     * checksum. {@code in} must have at least 8 bytes of slack after {@code len}.
     */
    static void inflate(byte[] in, int len, byte[] out, int outLen) {
        new ZlibInflater(in, len).run(out, outLen);
    }

    private void run(byte[] out, int outLen) {
        int cmf = in[0] & 0xff, flg = in[1] & 0xff;
        if ((cmf & 0x0f) != 8 || (cmf << 8 | flg) % 31 != 0 || (flg & 0x20) != 0) throw new IllegalArgumentException("not zlib");
        pos = 2;
        int o = 0;
        boolean last;
        do {
            last = take(1) == 1;
            int type = take(2);
            if (type == 0) {
                o = stored(out, o, outLen);
            } else if (type == 1) {
                o = codes(out, o, outLen, FIXED_LIT, FIXED_DIST);
            } else if (type == 2) {
                Huffman[] t = dynamicTables();
                o = codes(out, o, outLen, t[0], t[1]);
            } else {
                throw new IllegalArgumentException("bad block type");
            }
        } while (!last);
        if (o != outLen) throw new IllegalArgumentException("stream shorter than the image");
        // The Adler-32 trailer follows on the next byte boundary. It is not recomputed: that is a
        // serial pass over the whole output costing as much as the inflating; PNG callers check
        // the chunk CRCs instead, and this decoder is tested against the JDK's Deflater.
        int p = pos - bitCount / 8;
        if (p + 4 > inEnd) throw new IllegalArgumentException("no checksum");
    }

    private void refill() {
        while (bitCount <= 56) {
            bits |= (long) (in[pos++] & 0xff) << bitCount; // reads into the caller's slack at worst
            bitCount += 8;
        }
        if (pos > inEnd + 8) throw new IllegalArgumentException("stream truncated");
    }

    private int take(int n) {
        if (bitCount < n) refill();
        int v = (int) (bits & ((1L << n) - 1));
        bits >>>= n;
        bitCount -= n;
        return v;
    }

    private int stored(byte[] out, int o, int outLen) {
        bits >>>= bitCount & 7;
        bitCount -= bitCount & 7;
        int p = pos - bitCount / 8; // unread whole bytes still sit in the bit buffer
        bits = 0;
        bitCount = 0;
        int len = (in[p] & 0xff) | (in[p + 1] & 0xff) << 8;
        int nlen = (in[p + 2] & 0xff) | (in[p + 3] & 0xff) << 8;
        if ((len ^ 0xffff) != nlen || p + 4 + len > inEnd || o + len > outLen) throw new IllegalArgumentException("bad stored block");
        System.arraycopy(in, p + 4, out, o, len);
        pos = p + 4 + len;
        return o + len;
    }

    private Huffman[] dynamicTables() {
        int nlen = take(5) + 257, ndist = take(5) + 1, ncode = take(4) + 4;
        if (nlen > 286 || ndist > 30) throw new IllegalArgumentException("bad counts");
        int[] lengths = new int[19];
        for (int i = 0; i < ncode; i++) lengths[CLEN_ORDER[i]] = take(3);
        int[] ll = new int[nlen + ndist];
        readLengths(new Huffman(lengths, 19), ll);
        if (ll[256] == 0) throw new IllegalArgumentException("no end-of-block code");
        return new Huffman[] {new Huffman(ll, nlen), new Huffman(Arrays.copyOfRange(ll, nlen, nlen + ndist), ndist)};
    }

    /** The literal/length and distance code lengths, run-length coded with {@code lencode}. */
    private void readLengths(Huffman lencode, int[] ll) {
        int n = ll.length;
        for (int i = 0; i < n; ) {
            int sym = decode(lencode);
            if (sym < 16) {
                ll[i++] = sym;
                continue;
            }
            int value = 0, repeat;
            if (sym == 16) {
                if (i == 0) throw new IllegalArgumentException("repeat with no length");
                value = ll[i - 1];
                repeat = 3 + take(2);
            } else if (sym == 17) {
                repeat = 3 + take(3);
            } else {
                repeat = 11 + take(7);
            }
            if (i + repeat > n) throw new IllegalArgumentException("too many lengths");
            Arrays.fill(ll, i, i + repeat, value);
            i += repeat;
        }
    }

    private int codes(byte[] out, int o, int outLen, Huffman lit, Huffman dist) {
        while (true) {
            int sym = decode(lit);
            if (sym < 256) {
                if (o >= outLen) throw new IllegalArgumentException("stream longer than the image");
                out[o++] = (byte) sym;
            } else if (sym == 256) {
                return o;
            } else {
                sym -= 257;
                if (sym >= 29) throw new IllegalArgumentException("bad length code");
                int len = LEN_BASE[sym] + take(LEN_EXTRA[sym]);
                int ds = decode(dist);
                if (ds >= 30) throw new IllegalArgumentException("bad distance code");
                int d = DIST_BASE[ds] + take(DIST_EXTRA[ds]);
                if (d > o) throw new IllegalArgumentException("distance too far back");
                if (o + len > outLen) throw new IllegalArgumentException("stream longer than the image");
                copy(out, o - d, o, len);
                o += len;
            }
        }
    }

    /** LZ77 copy of len bytes from {@code from} to {@code to}, which may overlap (a repeating pattern). */
    private static void copy(byte[] out, int from, int to, int len) {
        int d = to - from;
        if (d >= len) {
            System.arraycopy(out, from, out, to, len);
        } else if (d == 1) {
            Arrays.fill(out, to, to + len, out[from]);
        } else {
            // Copy whole periods, doubling: out[from..to) repeats with period d.
            while (len > 0) {
                int n = Math.min(to - from, len);
                System.arraycopy(out, from, out, to, n);
                to += n;
                len -= n;
            }
        }
    }

    private int decode(Huffman h) {
        if (bitCount < 15) refill();
        int e = h.fast[(int) (bits & Huffman.FAST_MASK)];
        if (e != 0) {
            int n = e & 15;
            bits >>>= n;
            bitCount -= n;
            return e >>> 4;
        }
        return slowDecode(h);
    }

    /** Canonical decoding bit by bit (puff.c's way) for codes longer than the fast table. */
    private int slowDecode(Huffman h) {
        int code = 0, first = 0, index = 0;
        for (int len = 1; len <= 15; len++) {
            code |= (int) (bits & 1);
            bits >>>= 1;
            bitCount--;
            int count = h.count[len];
            if (code - count < first) return h.symbol[index + (code - first)];
            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }
        throw new IllegalArgumentException("bad Huffman code");
    }

    /** A canonical Huffman code: counts per length, symbols in code order, and a 10-bit lookup table. */
    private static final class Huffman {
        static final int FAST_BITS = 10;
        static final int FAST_MASK = (1 << FAST_BITS) - 1;
        final int[] count = new int[16];
        final int[] symbol;
        /** Indexed by the next FAST_BITS input bits: symbol << 4 | code length, or 0 for "longer code". */
        final int[] fast = new int[1 << FAST_BITS];

        Huffman(int[] lengths, int n) {
            symbol = new int[n];
            for (int s = 0; s < n; s++) count[lengths[s]]++;
            count[0] = 0;
            int left = 1;
            for (int len = 1; len <= 15; len++) {
                left = (left << 1) - count[len];
                if (left < 0) throw new IllegalArgumentException("over-subscribed code");
            }
            int[] offs = new int[16];
            for (int len = 1; len < 15; len++) offs[len + 1] = offs[len] + count[len];
            for (int s = 0; s < n; s++) if (lengths[s] != 0) symbol[offs[lengths[s]]++] = s;
            // Canonical codes, bit-reversed because deflate packs them from the low bit.
            int code = 0;
            int[] next = new int[16];
            for (int len = 1; len <= 15; len++) {
                next[len] = code;
                code = (code + count[len]) << 1;
            }
            for (int s = 0; s < n; s++) {
                int len = lengths[s];
                if (len == 0 || len > FAST_BITS) continue;
                int rev = Integer.reverse(next[len]++) >>> (32 - len);
                for (int i = rev; i < fast.length; i += 1 << len) fast[i] = s << 4 | len;
            }
        }
    }
}
