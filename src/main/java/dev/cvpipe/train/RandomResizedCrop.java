package dev.cvpipe.train;

import dev.cvpipe.image.RgbImage;
import java.util.SplittableRandom;

/**
 * {@code rrc(scale=LO:HI,ratio=LO:HI)}: torchvision's RandomResizedCrop. A box of a random
 * fraction of the ORIGINAL image's area (scale) and aspect ratio (log-uniform in ratio) is cut
 * and resized to the network input, so it replaces {@code --resize} for training images; ten
 * tries, then the centre crop clamped to the ratio range (torchvision's fallback).
 */
record RandomResizedCrop(double scaleLo, double scaleHi, double ratioLo, double ratioHi) implements AugmentOp {

    /** The crop box in source pixels: left, top, width, height. */
    record Box(int x, int y, int w, int h) {}

    @Override
    public String describe() {
        return "rrc(scale=" + AugmentParams.range(scaleLo, scaleHi) + ",ratio=" + AugmentParams.range(ratioLo, ratioHi) + ")";
    }

    @Override
    public boolean classifierOnly() {
        return true;
    }

    /** Already applied when the image was cut from its original (see {@link #crop}); a no-op here. */
    @Override
    public byte[][] apply(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd) {
        return new byte[][] {px, mask};
    }

    /** torchvision's {@code RandomResizedCrop.get_params} for a {@code width x height} source. */
    Box box(int width, int height, SplittableRandom rnd) {
        for (int attempt = 0; attempt < 10; attempt++) {
            int[] sides = sides((double) width * height, scaleLo, scaleHi, ratioLo, ratioHi, rnd);
            int w = sides[0], h = sides[1];
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int y = rnd.nextInt(height - h + 1), x = rnd.nextInt(width - w + 1);
                return new Box(x, y, w, h);
            }
        }
        double inRatio = (double) width / height;
        int w = width, h = height;
        if (inRatio < ratioLo) {
            h = (int) Math.rint(w / ratioLo);
        } else if (inRatio > ratioHi) {
            w = (int) Math.rint(h * ratioHi);
        }
        return new Box((width - w) / 2, (height - h) / 2, w, h);
    }

    /**
     * One draw of torchvision's box: an area fraction uniform in the scale range and an aspect
     * log-uniform in the ratio range; returns {round(sqrt(area * aspect)), round(sqrt(area / aspect))}
     * (half-even, as Python's round).
     */
    static int[] sides(double area, double scaleLo, double scaleHi, double ratioLo, double ratioHi, SplittableRandom rnd) {
        double target = area * AugmentOps.uniform(rnd, scaleLo, scaleHi);
        double aspect = Math.exp(AugmentOps.uniform(rnd, Math.log(ratioLo), Math.log(ratioHi)));
        return new int[] {(int) Math.rint(Math.sqrt(target * aspect)), (int) Math.rint(Math.sqrt(target / aspect))};
    }

    /** The box cut from {@code img} and resized (Pillow-style bilinear) to {@code outH x outW}. */
    byte[] crop(RgbImage img, int outH, int outW, SplittableRandom rnd) {
        Box b = box(img.width(), img.height(), rnd);
        return Resampler.bilinear(img.pixels(), img.width(), img.height(), b.x(), b.y(), b.w(), b.h(), outW, outH);
    }
}
