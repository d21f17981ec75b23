package dev.cvpipe.train;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Training-time augmentations with seed 003's ranges, each applied with probability 0.5 in the
 * seed's order: hsv (hue +-30 on OpenCV's 0..180 scale, saturation +-5, value +-15),
 * shift-scale-rotate (shift +-10 %, scale +-10 %, aspect +-10 %, no rotation, black border,
 * bilinear), horizontal flip, vertical flip, rot90 (counter-clockwise, square inputs only).
 *
 * <p>One difference from the seed, on purpose: the seed adds the hue shift as uint8 and so wraps
 * at 256 instead of OpenCV's 180; here hue wraps at 180, the colour wheel.
 */
public final class Augment {
    public enum Kind {
        FLIP("flip"), VFLIP("vflip"), ROT90("rot90"), HSV("hsv"), SHIFT_SCALE_ROTATE("shift-scale-rotate");

        final String cli;

        Kind(String cli) {
            this.cli = cli;
        }
    }

    /** seed 003's default: every augmentation on. */
    public static final String DEFAULT = "flip,vflip,rot90,hsv,shift-scale-rotate";

    private final Set<Kind> kinds;

    public Augment(Set<Kind> kinds) {
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(kinds);
    }

    /** Parses {@code flip,vflip,...}; {@code none} or an empty string turns augmentation off. */
    public static Augment parse(String spec) {
        Set<Kind> set = EnumSet.noneOf(Kind.class);
        for (String part : spec.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty() || p.equals("none")) continue;
            Kind k = null;
            for (Kind c : Kind.values()) if (c.cli.equals(p)) k = c;
            if (k == null) {
                throw new IllegalArgumentException("--augment: unknown '" + p + "' (choose from " + DEFAULT + ", none)");
            }
            set.add(k);
        }
        return new Augment(set);
    }

    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Kind k : kinds) out.add(k.cli);
        return out;
    }

    public boolean isEmpty() {
        return kinds.isEmpty();
    }

    /** Augments {@code h x w x 3} bytes in place (or returns a new array). */
    public byte[] apply(byte[] px, int h, int w, SplittableRandom rnd) {
        return applyPaired(px, null, h, w, rnd)[0];
    }

    /**
     * Augments an image and its {@code h x w} mask with the same draws: the geometric steps move
     * both alike (the mask by nearest neighbour, border 0 = background, as the seed's
     * warpAffine on the mask); hsv touches the image only. Returns {image, mask}.
     */
    public byte[][] applyPaired(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd) {
        // Draw every coin even for disabled kinds so enabling one does not reshuffle the others.
        boolean hsv = rnd.nextDouble() < 0.5, ssr = rnd.nextDouble() < 0.5;
        boolean hf = rnd.nextDouble() < 0.5, vf = rnd.nextDouble() < 0.5, r90 = rnd.nextDouble() < 0.5;
        int hue = rnd.nextInt(-30, 31);
        double sat = rnd.nextDouble(-5, 5), val = rnd.nextDouble(-15, 15);
        double scale = rnd.nextDouble(0.9, 1.1), aspect = rnd.nextDouble(0.9, 1.1);
        double dxf = rnd.nextDouble(-0.1, 0.1), dyf = rnd.nextDouble(-0.1, 0.1);
        if (hsv && kinds.contains(Kind.HSV)) shiftHsv(px, hue, sat, val);
        if (ssr && kinds.contains(Kind.SHIFT_SCALE_ROTATE)) {
            long dx = Math.round(dxf * w), dy = Math.round(dyf * h);
            px = shiftScaleRotate(px, h, w, 3, false, 0, scale, aspect, dx, dy);
            if (mask != null) mask = shiftScaleRotate(mask, h, w, 1, true, 0, scale, aspect, dx, dy);
        }
        if (hf && kinds.contains(Kind.FLIP)) {
            px = flipHorizontal(px, h, w, 3);
            if (mask != null) mask = flipHorizontal(mask, h, w, 1);
        }
        if (vf && kinds.contains(Kind.VFLIP)) {
            px = flipVertical(px, h, w, 3);
            if (mask != null) mask = flipVertical(mask, h, w, 1);
        }
        if (r90 && kinds.contains(Kind.ROT90) && h == w) {
            px = rot90(px, h, 3);
            if (mask != null) mask = rot90(mask, h, 1);
        }
        return new byte[][] {px, mask};
    }

    public static byte[] flipHorizontal(byte[] px, int h, int w) {
        return flipHorizontal(px, h, w, 3);
    }

    /** Mirrors left-right an interleaved image of {@code ch} bytes per pixel. */
    public static byte[] flipHorizontal(byte[] px, int h, int w, int ch) {
        byte[] out = new byte[px.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(px, (y * w + x) * ch, out, (y * w + (w - 1 - x)) * ch, ch);
            }
        }
        return out;
    }

    public static byte[] flipVertical(byte[] px, int h, int w) {
        return flipVertical(px, h, w, 3);
    }

    public static byte[] flipVertical(byte[] px, int h, int w, int ch) {
        byte[] out = new byte[px.length];
        int row = w * ch;
        for (int y = 0; y < h; y++) System.arraycopy(px, y * row, out, (h - 1 - y) * row, row);
        return out;
    }

    static byte[] rot90(byte[] px, int n) {
        return rot90(px, n, 3);
    }

    /** numpy's {@code rot90(img)}: counter-clockwise, {@code out[i][j] = in[j][n-1-i]}. */
    static byte[] rot90(byte[] px, int n, int ch) {
        byte[] out = new byte[px.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                System.arraycopy(px, (j * n + (n - 1 - i)) * ch, out, (i * n + j) * ch, ch);
            }
        }
        return out;
    }

    /** OpenCV's 8-bit HSV (H 0..179, S and V 0..255): hue wraps, saturation and value saturate. */
    static void shiftHsv(byte[] px, int hueShift, double satShift, double valShift) {
        for (int i = 0; i < px.length; i += 3) {
            int r = px[i] & 0xff, g = px[i + 1] & 0xff, b = px[i + 2] & 0xff;
            int max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
            double v = max;
            double s = max == 0 ? 0 : 255.0 * (max - min) / max;
            double hDeg;
            if (max == min) hDeg = 0;
            else if (max == r) hDeg = 60.0 * (g - b) / (max - min);
            else if (max == g) hDeg = 120 + 60.0 * (b - r) / (max - min);
            else hDeg = 240 + 60.0 * (r - g) / (max - min);
            if (hDeg < 0) hDeg += 360;
            int h8 = (int) Math.round(hDeg / 2) % 180;
            h8 = Math.floorMod(h8 + hueShift, 180);
            s = clamp(Math.round(s) + satShift);
            v = clamp(v + valShift);
            hsvToRgb(h8 * 2.0, s / 255.0, v, px, i);
        }
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(255, Math.rint(x)));
    }

    private static void hsvToRgb(double hDeg, double s, double v, byte[] out, int i) {
        double c = v * s;
        double hp = hDeg / 60.0;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double r, g, b;
        if (hp < 1) { r = c; g = x; b = 0; }
        else if (hp < 2) { r = x; g = c; b = 0; }
        else if (hp < 3) { r = 0; g = c; b = x; }
        else if (hp < 4) { r = 0; g = x; b = c; }
        else if (hp < 5) { r = x; g = 0; b = c; }
        else { r = c; g = 0; b = x; }
        double m = v - c;
        out[i] = Resampler.clampByte((float) (r + m));
        out[i + 1] = Resampler.clampByte((float) (g + m));
        out[i + 2] = Resampler.clampByte((float) (b + m));
    }

    /**
     * The seed's randomShiftScaleRotate: the image box is rotated/scaled about its centre and
     * shifted by {@code (dx, dy)} pixels; pixels mapped from outside the source are black.
     */
    static byte[] shiftScaleRotate(byte[] px, int h, int w, double angleDeg, double scale, double aspect, long dx, long dy) {
        return shiftScaleRotate(px, h, w, 3, false, angleDeg, scale, aspect, dx, dy);
    }

    /** As above for {@code ch} bytes per pixel; {@code nearest} samples the closest pixel (masks) instead of bilinear. */
    static byte[] shiftScaleRotate(byte[] px, int h, int w, int ch, boolean nearest, double angleDeg, double scale, double aspect,
                                   long dx, long dy) {
        double sx = scale * aspect / Math.sqrt(aspect), sy = scale / Math.sqrt(aspect);
        double a = Math.toRadians(angleDeg);
        double cc = Math.cos(a) * sx, ss = Math.sin(a) * sy;
        // forward: dst = [[cc,-ss],[ss,cc]] (src - c) + c + d; we sample with the inverse.
        double det = cc * cc + ss * ss;
        double i00 = cc / det, i01 = ss / det, i10 = -ss / det, i11 = cc / det;
        double cx = w / 2.0, cy = h / 2.0;
        byte[] out = new byte[px.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ux = x - cx - dx, uy = y - cy - dy;
                double fx = i00 * ux + i01 * uy + cx, fy = i10 * ux + i11 * uy + cy;
                int d = (y * w + x) * ch;
                if (nearest) {
                    int nx = (int) Math.round(fx), ny = (int) Math.round(fy);
                    for (int c = 0; c < ch; c++) out[d + c] = (byte) at(px, h, w, ch, nx, ny, c);
                    continue;
                }
                int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
                double ax = fx - x0, ay = fy - y0;
                for (int c = 0; c < ch; c++) {
                    double p = (1 - ay) * ((1 - ax) * at(px, h, w, ch, x0, y0, c) + ax * at(px, h, w, ch, x0 + 1, y0, c))
                            + ay * ((1 - ax) * at(px, h, w, ch, x0, y0 + 1, c) + ax * at(px, h, w, ch, x0 + 1, y0 + 1, c));
                    out[d + c] = Resampler.clampByte((float) p);
                }
            }
        }
        return out;
    }

    private static int at(byte[] px, int h, int w, int ch, int x, int y, int c) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : px[(y * w + x) * ch + c] & 0xff;
    }
}
