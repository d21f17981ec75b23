package dev.cvpipe.train;

import java.util.SplittableRandom;

/**
 * {@code erase(p,scale,ratio)}: torchvision's / timm's RandomErasing. With probability p a box of
 * {@code scale} of the area and aspect ratio log-uniform in {@code ratio} (ten tries) is filled
 * with uniform random bytes per pixel and channel — timm's {@code mode='pixel'}, drawn here on
 * the 0..255 image before normalisation rather than on the normalised tensor.
 */
record RandomErasing(double p, double scaleLo, double scaleHi, double ratioLo, double ratioHi) implements AugmentOp {

    @Override
    public String describe() {
        return "erase(p=" + AugmentParams.fmt(p) + ",scale=" + AugmentParams.range(scaleLo, scaleHi)
                + ",ratio=" + AugmentParams.range(ratioLo, ratioHi) + ")";
    }

    @Override
    public boolean classifierOnly() {
        return true;
    }

    @Override
    public byte[][] apply(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd) {
        if (!(rnd.nextDouble() < p)) return new byte[][] {px, mask};
        RandomResizedCrop.Box b = box(h, w, rnd);
        if (b != null) {
            for (int y = b.y(); y < b.y() + b.h(); y++) {
                for (int i = (y * w + b.x()) * 3, end = i + b.w() * 3; i < end; i++) px[i] = (byte) rnd.nextInt(256);
            }
        }
        return new byte[][] {px, mask};
    }

    /** torchvision's {@code RandomErasing.get_params}: null when ten tries found no box that fits. */
    RandomResizedCrop.Box box(int h, int w, SplittableRandom rnd) {
        for (int attempt = 0; attempt < 10; attempt++) {
            // torchvision's RandomErasing reads the aspect as h / w (RandomResizedCrop: w / h).
            int[] sides = RandomResizedCrop.sides((double) h * w, scaleLo, scaleHi, ratioLo, ratioHi, rnd);
            int eh = sides[0], ew = sides[1];
            if (eh < h && ew < w && eh > 0 && ew > 0) {
                int y = rnd.nextInt(h - eh + 1), x = rnd.nextInt(w - ew + 1);
                return new RandomResizedCrop.Box(x, y, ew, eh);
            }
        }
        return null;
    }
}
