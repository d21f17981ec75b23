package dev.cvpipe.train;

import java.util.SplittableRandom;

/** The per-image steps that move a mask alike or leave it alone (seed 003's set, with settable ranges). */
final class AugmentOps {
    private AugmentOps() {}

    /** {@code hflip(p)} / {@code vflip(p)}: mirror left-right / top-bottom with probability p. */
    record Flip(boolean horizontal, double p) implements AugmentOp {
        @Override
        public String describe() {
            return (horizontal ? "hflip" : "vflip") + "(p=" + AugmentParams.fmt(p) + ")";
        }

        @Override
        public byte[][] apply(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd) {
            if (!(rnd.nextDouble() < p)) return new byte[][] {px, mask};
            if (horizontal) return new byte[][] {Augment.flipHorizontal(px, h, w, 3), mask == null ? null : Augment.flipHorizontal(mask, h, w, 1)};
            return new byte[][] {Augment.flipVertical(px, h, w, 3), mask == null ? null : Augment.flipVertical(mask, h, w, 1)};
        }
    }

    /** {@code rot90(p)}: a quarter turn counter-clockwise with probability p (square inputs only). */
    record Rot90(double p) implements AugmentOp {
        @Override
        public String describe() {
            return "rot90(p=" + AugmentParams.fmt(p) + ")";
        }

        @Override
        public byte[][] apply(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd) {
            if (!(rnd.nextDouble() < p) || h != w) return new byte[][] {px, mask};
            return new byte[][] {Augment.rot90(px, h, 3), mask == null ? null : Augment.rot90(mask, h, 1)};
        }
    }

    /**
     * {@code hsv(p,h,s,v)}: OpenCV 8-bit HSV shifts drawn uniformly in {@code [-h, h]} (integer,
     * hue on the 0..180 wheel), {@code [-s, s]} and {@code [-v, v]} (0..255); the image only.
     */
    record Hsv(double p, int hue, double sat, double val) implements AugmentOp {
        @Override
        public String describe() {
            return "hsv(p=" + AugmentParams.fmt(p) + ",h=" + hue + ",s=" + AugmentParams.fmt(sat) + ",v=" + AugmentParams.fmt(val) + ")";
        }

        @Override
        public byte[][] apply(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd) {
            boolean on = rnd.nextDouble() < p;
            int dh = rnd.nextInt(-hue, hue + 1);
            double ds = sat == 0 ? 0 : rnd.nextDouble(-sat, sat), dv = val == 0 ? 0 : rnd.nextDouble(-val, val);
            if (on) Augment.shiftHsv(px, dh, ds, dv);
            return new byte[][] {px, mask};
        }
    }

    /**
     * {@code ssr(p,shift,scale,aspect,rotate)}: shift by up to +-shift of the size, scale and
     * aspect by 1 +- scale / aspect, rotate by up to +-rotate degrees; black border, bilinear
     * (masks: nearest, border 0).
     */
    record ShiftScaleRotate(double p, double shift, double scale, double aspect, double rotate) implements AugmentOp {
        @Override
        public String describe() {
            return "ssr(p=" + AugmentParams.fmt(p) + ",shift=" + AugmentParams.fmt(shift) + ",scale=" + AugmentParams.fmt(scale)
                    + ",aspect=" + AugmentParams.fmt(aspect) + ",rotate=" + AugmentParams.fmt(rotate) + ")";
        }

        @Override
        public byte[][] apply(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd) {
            boolean on = rnd.nextDouble() < p;
            double s = uniform(rnd, 1 - scale, 1 + scale), a = uniform(rnd, 1 - aspect, 1 + aspect);
            double dxf = uniform(rnd, -shift, shift), dyf = uniform(rnd, -shift, shift), angle = uniform(rnd, -rotate, rotate);
            if (!on) return new byte[][] {px, mask};
            long dx = Math.round(dxf * w), dy = Math.round(dyf * h);
            byte[] img = Augment.shiftScaleRotate(px, h, w, 3, false, angle, s, a, dx, dy);
            return new byte[][] {img, mask == null ? null : Augment.shiftScaleRotate(mask, h, w, 1, true, angle, s, a, dx, dy)};
        }
    }

    static double uniform(SplittableRandom rnd, double lo, double hi) {
        return hi > lo ? rnd.nextDouble(lo, hi) : lo;
    }
}
