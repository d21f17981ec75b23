package dev.cvpipe.dataset;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How many images of each class go to val (or test): a fraction such as {@code 0.1}, or a whole
 * number of images such as {@code 5}. A fraction of n images is n &times; f rounded half up,
 * computed in decimal so {@code 0.15} of 10 is 2 on every machine.
 */
public record SplitShare(String text, BigDecimal fraction, int count) {
    public static final SplitShare NONE = parse("0");

    public static SplitShare parse(String text) {
        String t = text.strip();
        if (t.matches("\\d+")) {
            int n;
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is too large");
            }
            return new SplitShare(t, null, n);
        }
        BigDecimal f;
        try {
            f = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a fraction (0.1) nor a count per class (5)");
        }
        if (f.signum() < 0 || f.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("fraction '" + text + "' must be at least 0 and below 1");
        }
        return new SplitShare(t, f, -1);
    }

    public boolean isFraction() {
        return fraction != null;
    }

    /** The share of a class with {@code n} images, before the keep-one-for-training rule. */
    public int of(int n) {
        if (!isFraction()) return Math.min(count, n);
        return BigDecimal.valueOf(n).multiply(fraction).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    @Override
    public String toString() {
        return text;
    }
}
