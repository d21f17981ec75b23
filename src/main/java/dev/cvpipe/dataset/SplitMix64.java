package dev.cvpipe.dataset;

import java.util.List;

/**
 * The split's only source of randomness, defined here rather than borrowed from the JDK so the
 * same seed gives the same lists on every JVM, now and later. SplitMix64 as published by Steele,
 * Lea and Flood (OOPSLA 2014) and in Vigna's reference {@code splitmix64.c}:
 * <pre>
 *   state += 0x9E3779B97F4A7C15
 *   z = state
 *   z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
 *   z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
 *   return z ^ (z >>> 31)
 * </pre>
 * {@link #nextInt(int)} takes the top 63 bits and rejects draws from the incomplete last block,
 * so every index is exactly equally likely. {@link #shuffle} is Fisher–Yates from the end:
 * for i = n-1 down to 1, swap element i with element nextInt(i + 1).
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        // 2^63 mod bound, computed without overflow; draws at or above 2^63 - that are rejected.
        long rest = (Long.MAX_VALUE % bound + 1) % bound;
        long limit = Long.MIN_VALUE - rest; // 2^63 - rest as an unsigned value
        while (true) {
            long r = nextLong() >>> 1;
            if (Long.compareUnsigned(r, limit) < 0) return (int) (r % bound);
        }
    }

    public <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            T t = items.get(i);
            items.set(i, items.get(j));
            items.set(j, t);
        }
    }
}
