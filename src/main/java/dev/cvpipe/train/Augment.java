package dev.cvpipe.train;

import dev.cvpipe.image.RgbImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A training-time augmentation pipeline: the steps of {@code --augment}, applied in the order
 * written, each with its own random stream drawn from the item's (seed, epoch, image) generator,
 * so adding or removing one step does not reshuffle the draws of the others.
 *
 * <p>Syntax: a comma list of steps, each {@code name} or {@code name(key=value,...)}; a range is
 * {@code LO:HI}. Steps and their defaults:
 * <pre>
 *   rrc(scale=0.08:1,ratio=0.75:1.3333)   random-resized crop of the original image (first step; classifiers)
 *   hflip(p=0.5)  vflip(p=0.5)  rot90(p=0.5)
 *   hsv(p=0.5,h=30,s=5,v=15)              OpenCV 8-bit HSV shifts (+-h on the 0..180 hue wheel)
 *   ssr(p=0.5,shift=0.1,scale=0.1,aspect=0.1,rotate=0)
 *   erase(p=0.25,scale=0.02:0.33,ratio=0.3:3.3)   random erasing (classifiers)
 * </pre>
 * Older names still work: {@code flip} = hflip, {@code shift-scale-rotate} = ssr,
 * {@code random-resized-crop} = rrc; {@code none} (or empty) turns augmentation off.
 *
 * <p>One difference from seed 003 kept on purpose: the seed adds the hue shift as uint8 and so
 * wraps at 256 instead of OpenCV's 180; here hue wraps at 180, the colour wheel.
 */
public final class Augment {
    /** seed 003's set in the seed's order, each p = 0.5: the segmentation default. */
    public static final String DEFAULT = "hsv,shift-scale-rotate,flip,vflip,rot90";

    /** The classifier default: torchvision's / timm's reference training transform. */
    public static final String CLASSIFIER_DEFAULT = "rrc,hflip";

    /** What --help shows. */
    public static final String SYNTAX = "rrc(scale=0.08:1,ratio=0.75:1.3333), hflip(p=0.5), vflip(p=0.5), rot90(p=0.5), "
            + "hsv(p=0.5,h=30,s=5,v=15), ssr(p=0.5,shift=0.1,scale=0.1,aspect=0.1,rotate=0), "
            + "erase(p=0.25,scale=0.02:0.33,ratio=0.3:3.3); none";

    private final List<AugmentOp> ops;

    private Augment(List<AugmentOp> ops) {
        this.ops = List.copyOf(ops);
    }

    /** Parses the {@code --augment} syntax (see the class comment); unknown steps or keys are refused. */
    public static Augment parse(String spec) {
        List<AugmentOp> ops = new ArrayList<>();
        List<String> tokens = splitTopLevel(spec);
        for (String token : tokens) {
            String t = token.strip();
            if (t.equalsIgnoreCase("none") && tokens.size() > 1) {
                // 'none,hflip' would otherwise quietly mean hflip: the user asked for two opposite things
                throw new IllegalArgumentException("--augment: 'none' turns augmentation off and cannot be combined with other steps, got '" + spec + "'");
            }
            if (t.isEmpty() || t.equalsIgnoreCase("none")) continue;
            int open = t.indexOf('(');
            String name = (open < 0 ? t : t.substring(0, open)).strip().toLowerCase(Locale.ROOT);
            String body = null;
            if (open >= 0) {
                if (!t.endsWith(")")) throw new IllegalArgumentException("--augment: '" + t + "' lacks its closing ')'");
                body = t.substring(open + 1, t.length() - 1);
            }
            AugmentParams p = new AugmentParams(name, body);
            AugmentOp op = switch (name) {
                case "rrc", "random-resized-crop" -> {
                    double[] s = p.range("scale", 0.08, 1), r = p.range("ratio", 0.75, 4 / 3.0);
                    if (s[1] > 1) throw new IllegalArgumentException("--augment: rrc(scale=...) must lie within 0:1");
                    yield new RandomResizedCrop(s[0], s[1], r[0], r[1]);
                }
                case "hflip", "flip" -> new AugmentOps.Flip(true, p.probability("p", 0.5));
                case "vflip" -> new AugmentOps.Flip(false, p.probability("p", 0.5));
                case "rot90" -> new AugmentOps.Rot90(p.probability("p", 0.5));
                case "hsv" -> {
                    double prob = p.probability("p", 0.5), hue = p.nonNegative("h", 30);
                    if (hue != Math.rint(hue) || hue > 90) throw new IllegalArgumentException("--augment: hsv(h=...) must be an integer 0..90");
                    yield new AugmentOps.Hsv(prob, (int) hue, p.nonNegative("s", 5), p.nonNegative("v", 15));
                }
                case "ssr", "shift-scale-rotate" -> {
                    double prob = p.probability("p", 0.5), shift = p.nonNegative("shift", 0.1), scale = p.nonNegative("scale", 0.1);
                    double aspect = p.nonNegative("aspect", 0.1), rotate = p.nonNegative("rotate", 0);
                    if (scale >= 1 || aspect >= 1) throw new IllegalArgumentException("--augment: ssr(scale=, aspect=) must be below 1");
                    yield new AugmentOps.ShiftScaleRotate(prob, shift, scale, aspect, rotate);
                }
                case "erase" -> {
                    double prob = p.probability("p", 0.25);
                    double[] s = p.range("scale", 0.02, 0.33), r = p.range("ratio", 0.3, 3.3);
                    if (s[1] > 1) throw new IllegalArgumentException("--augment: erase(scale=...) must lie within 0:1");
                    yield new RandomErasing(prob, s[0], s[1], r[0], r[1]);
                }
                default -> throw new IllegalArgumentException("--augment: unknown step '" + name + "' (choose from " + SYNTAX + ")");
            };
            p.done();
            if (op instanceof RandomResizedCrop && !ops.isEmpty()) {
                throw new IllegalArgumentException("--augment: rrc must be the first step (it cuts the original image)");
            }
            ops.add(op);
        }
        return new Augment(ops);
    }

    private static List<String> splitTopLevel(String spec) {
        List<String> out = new ArrayList<>();
        int depth = 0, from = 0;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth < 0) throw new IllegalArgumentException("--augment: unbalanced ')' in '" + spec + "'");
            else if (c == ',' && depth == 0) {
                out.add(spec.substring(from, i));
                from = i + 1;
            }
        }
        if (depth != 0) throw new IllegalArgumentException("--augment: unbalanced '(' in '" + spec + "'");
        out.add(spec.substring(from));
        return out;
    }

    /** Every step with all its parameters, as config.json records it (parse() reads it back). */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (AugmentOp op : ops) out.add(op.describe());
        return out;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** The random-resized crop when the pipeline starts with one, else null. */
    RandomResizedCrop crop() {
        return !ops.isEmpty() && ops.get(0) instanceof RandomResizedCrop r ? r : null;
    }

    /** The first step that cannot move a segmentation mask, or null. */
    public String classifierOnlyStep() {
        for (AugmentOp op : ops) if (op.classifierOnly()) return op.describe();
        return null;
    }

    /** Augments {@code h x w x 3} bytes in place (or returns a new array). */
    public byte[] apply(byte[] px, int h, int w, SplittableRandom rnd) {
        return applyPaired(px, null, h, w, rnd)[0];
    }

    /**
     * Augments an image and its {@code h x w} mask with the same draws: geometric steps move both
     * alike (the mask by nearest neighbour, border 0 = background); colour steps touch the image
     * only. Returns {image, mask}.
     */
    public byte[][] applyPaired(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd) {
        return run(rnd.nextLong(), px, mask, h, w);
    }

    /**
     * A training image from its decoded original: the random-resized crop when the pipeline has
     * one, else {@code resize}; then the other steps.
     */
    public byte[] applyToOriginal(RgbImage img, int h, int w, ResizeMode resize, SplittableRandom rnd) {
        long base = rnd.nextLong();
        RandomResizedCrop crop = crop();
        byte[] px = crop != null ? crop.crop(img, h, w, stream(base, crop, 0)) : resize.apply(img, h, w);
        return run(base, px, null, h, w)[0];
    }

    private byte[][] run(long base, byte[] px, byte[] mask, int h, int w) {
        byte[][] cur = {px, mask};
        Map<String, Integer> seen = new HashMap<>();
        for (AugmentOp op : ops) {
            int occurrence = seen.merge(stepName(op), 1, Integer::sum) - 1;
            cur = op.apply(cur[0], cur[1], h, w, stream(base, op, occurrence));
        }
        return cur;
    }

    /** The step's own generator: keyed by its name (and repeat count), not by the steps around it. */
    static SplittableRandom stream(long base, AugmentOp op, int occurrence) {
        return new SplittableRandom(ImageSource.mix(base, stepName(op).hashCode(), occurrence));
    }

    private static String stepName(AugmentOp op) {
        String d = op.describe();
        return d.substring(0, d.indexOf('('));
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
