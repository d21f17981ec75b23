package dev.cvpipe.model.weights;

import java.util.Arrays;

/**
 * One named array of a weights file, as PyTorch lays it out (row-major in {@code shape}), its
 * values widened to float whatever the file stored ({@code dtype} says what that was).
 */
public record Tensor(DType dtype, long[] shape, float[] values) {
    /** Element types read from weights files; {@code I64} only carries BN's num_batches_tracked. */
    public enum DType {
        F32(4), F16(2), BF16(2), F64(8), I64(8);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    public Tensor {
        if (numel(shape) != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + numel(shape) + " values, got " + values.length);
        }
    }

    /** A float32 tensor. */
    public static Tensor f32(long[] shape, float[] values) {
        return new Tensor(DType.F32, shape, values);
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** The shape as PyTorch prints it: [64, 3, 7, 7]. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** IEEE half to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
        float v;
        if (exp == 0) v = mant * 0x1p-24f;
        else if (exp == 31) v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        else return Float.intBitsToFloat((sign << 31) | ((exp - 15 + 127) << 23) | (mant << 13));
        return sign == 1 ? -v : v;
    }

    static float bf16ToFloat(int b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
