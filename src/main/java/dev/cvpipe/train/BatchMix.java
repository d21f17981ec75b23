package dev.cvpipe.train;

import java.util.SplittableRandom;

/**
 * Mixup and CutMix on a loaded batch, as timm's {@code Mixup} in batch mode: each image is mixed
 * with the batch read backwards (image i with image n-1-i), {@code lam ~ Beta(alpha, alpha)}.
 * Mixup blends the pixels {@code lam * a + (1 - lam) * b} (rounded to bytes); CutMix pastes a
 * box of {@code sqrt(1 - lam)} of each side from b, then sets lam to the area actually kept.
 * With both on, each batch picks one of the two with probability 1/2 (timm's switch_prob). The
 * targets become {@code lam * onehot(a) + (1 - lam) * onehot(b)}; the loss smooths them after.
 */
public record BatchMix(double mixupAlpha, double cutmixAlpha) {

    public BatchMix {
        if (mixupAlpha < 0 || !Double.isFinite(mixupAlpha)) throw new IllegalArgumentException("--mixup must be an alpha >= 0 (0: off)");
        if (cutmixAlpha < 0 || !Double.isFinite(cutmixAlpha)) throw new IllegalArgumentException("--cutmix must be an alpha >= 0 (0: off)");
    }

    public static final BatchMix OFF = new BatchMix(0, 0);

    public boolean enabled() {
        return mixupAlpha > 0 || cutmixAlpha > 0;
    }

    /** A mixed batch: pixels, soft targets [n * classes], and what was drawn (for tests and logs). */
    public record Mixed(byte[] pixels, float[] targets, double lam, boolean cutmix) {}

    /** Mixes the first {@code n} images of {@code px} ({@code h x w x 3} each); does not change px. */
    public Mixed apply(byte[] px, int[] labels, int n, int h, int w, int classes, SplittableRandom rnd) {
        boolean cut = cutmixAlpha > 0 && (mixupAlpha == 0 || rnd.nextDouble() < 0.5);
        double lam = beta(cut ? cutmixAlpha : mixupAlpha, rnd);
        int img = h * w * 3;
        byte[] out = new byte[n * img];
        if (cut) {
            int[] box = cutBox(h, w, lam, rnd);
            int y0 = box[0], y1 = box[1], x0 = box[2], x1 = box[3];
            lam = 1 - (double) (y1 - y0) * (x1 - x0) / (h * w);
            for (int i = 0; i < n; i++) {
                System.arraycopy(px, i * img, out, i * img, img);
                int j = n - 1 - i;
                for (int y = y0; y < y1; y++) {
                    int off = (y * w + x0) * 3;
                    System.arraycopy(px, j * img + off, out, i * img + off, (x1 - x0) * 3);
                }
            }
        } else {
            float a = (float) lam, b = (float) (1 - lam);
            for (int i = 0; i < n; i++) {
                int j = n - 1 - i;
                for (int k = 0; k < img; k++) {
                    out[i * img + k] = Resampler.clampByte(a * (px[i * img + k] & 0xff) + b * (px[j * img + k] & 0xff));
                }
            }
        }
        float[] t = new float[n * classes];
        for (int i = 0; i < n; i++) {
            t[i * classes + labels[i]] += (float) lam;
            t[i * classes + labels[n - 1 - i]] += (float) (1 - lam);
        }
        return new Mixed(out, t, lam, cut);
    }

    /**
     * timm's {@code rand_bbox}: a box of {@code int(side * sqrt(1 - lam))} around a uniform centre,
     * clipped to the image. Returns {y0, y1, x0, x1}.
     */
    static int[] cutBox(int h, int w, double lam, SplittableRandom rnd) {
        double ratio = Math.sqrt(1 - lam);
        int ch = (int) (h * ratio), cw = (int) (w * ratio);
        int cy = rnd.nextInt(h), cx = rnd.nextInt(w);
        return new int[] {clip(cy - ch / 2, h), clip(cy + ch / 2, h), clip(cx - cw / 2, w), clip(cx + cw / 2, w)};
    }

    private static int clip(int v, int hi) {
        return Math.max(0, Math.min(hi, v));
    }

    /** Beta(a, a) as X / (X + Y) with X, Y ~ Gamma(a). */
    static double beta(double a, SplittableRandom rnd) {
        double x = gamma(a, rnd), y = gamma(a, rnd);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** Marsaglia and Tsang's Gamma(a, 1); for a < 1 through Gamma(a + 1) * U^(1/a). */
    static double gamma(double a, SplittableRandom rnd) {
        if (a < 1) return gamma(a + 1, rnd) * Math.pow(1 - rnd.nextDouble(), 1 / a);
        double d = a - 1 / 3.0, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rnd.nextGaussian(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1 - rnd.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
        }
    }
}
