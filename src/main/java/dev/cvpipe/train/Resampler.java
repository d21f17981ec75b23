package dev.cvpipe.train;

/**
 * Separable bilinear resampling of interleaved RGB bytes with Pillow's semantics: when shrinking,
 * the triangle filter widens with the scale, so a 500 px photo shrunk to 64 px averages every
 * source pixel instead of aliasing like a 4-tap lookup would.
 */
final class Resampler {
    private Resampler() {}

    /** Resamples the source box {@code (x0,y0,bw,bh)} of a {@code sw x sh} image to {@code dw x dh}. */
    static byte[] bilinear(byte[] src, int sw, int sh, double x0, double y0, double bw, double bh, int dw, int dh) {
        if (dw == sw && dh == sh && x0 == 0 && y0 == 0 && bw == sw && bh == sh) return src.clone();
        Taps tx = taps(sw, x0, bw, dw);
        Taps ty = taps(sh, y0, bh, dh);
        // Horizontal pass only over the rows the vertical pass will read.
        int rowLo = ty.first[0], rowHi = 0;
        for (int i = 0; i < dh; i++) rowHi = Math.max(rowHi, ty.first[i] + ty.count[i]);
        float[] mid = new float[(rowHi - rowLo) * dw * 3];
        for (int y = rowLo; y < rowHi; y++) {
            int srow = y * sw * 3;
            int mrow = (y - rowLo) * dw * 3;
            for (int x = 0; x < dw; x++) {
                float r = 0, g = 0, b = 0;
                int k0 = x * tx.stride;
                for (int k = 0, sx = tx.first[x]; k < tx.count[x]; k++, sx++) {
                    float w = tx.weight[k0 + k];
                    int s = srow + sx * 3;
                    r += w * (src[s] & 0xff);
                    g += w * (src[s + 1] & 0xff);
                    b += w * (src[s + 2] & 0xff);
                }
                int m = mrow + x * 3;
                mid[m] = r;
                mid[m + 1] = g;
                mid[m + 2] = b;
            }
        }
        byte[] out = new byte[dw * dh * 3];
        int rowLen = dw * 3;
        for (int y = 0; y < dh; y++) {
            int k0 = y * ty.stride;
            int o = y * rowLen;
            for (int i = 0; i < rowLen; i++) {
                float acc = 0;
                for (int k = 0, sy = ty.first[y] - rowLo; k < ty.count[y]; k++, sy++) acc += ty.weight[k0 + k] * mid[sy * rowLen + i];
                out[o + i] = clampByte(acc);
            }
        }
        return out;
    }

    static byte clampByte(float v) {
        int i = Math.round(v);
        return (byte) (i < 0 ? 0 : i > 255 ? 255 : i);
    }

    private record Taps(int[] first, int[] count, float[] weight, int stride) {}

    private static Taps taps(int inSize, double in0, double boxSize, int outSize) {
        double scale = boxSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale; // the triangle filter's support is 1 at scale 1
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        float[] weight = new float[outSize * stride];
        for (int o = 0; o < outSize; o++) {
            double center = in0 + (o + 0.5) * scale;
            int lo = Math.max((int) (center - support + 0.5), 0);
            int hi = Math.min((int) (center + support + 0.5), inSize);
            double sum = 0;
            int n = 0;
            double[] w = new double[Math.max(hi - lo, 0)];
            for (int x = lo; x < hi; x++, n++) {
                double t = Math.abs((x - center + 0.5) / filterScale);
                w[n] = t < 1 ? 1 - t : 0;
                sum += w[n];
            }
            if (n == 0 || sum == 0) {
                // A box entirely outside the image (cannot happen for the modes above): nearest pixel.
                lo = Math.min(Math.max((int) center, 0), inSize - 1);
                n = 1;
                w = new double[] {1};
                sum = 1;
            }
            first[o] = lo;
            count[o] = Math.min(n, stride);
            for (int k = 0; k < count[o]; k++) weight[o * stride + k] = (float) (w[k] / sum);
        }
        return new Taps(first, count, weight, stride);
    }
}
