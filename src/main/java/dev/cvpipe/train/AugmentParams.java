package dev.cvpipe.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code key=value} list of one {@code --augment} step, e.g. {@code rrc(scale=0.08:1)}.
 * Each step takes the keys it knows; {@link #done} then refuses whatever is left, so a typo is a
 * usage error naming the token instead of a silently ignored setting.
 */
final class AugmentParams {
    private final String step;
    private final Map<String, String> values = new LinkedHashMap<>();

    AugmentParams(String step, String body) {
        this.step = step;
        if (body == null || body.isBlank()) return;
        for (String kv : body.split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--augment: '" + kv.strip() + "' in " + step + "(...) is not key=value");
            String k = kv.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (values.put(k, kv.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("--augment: " + step + "(...) sets '" + k + "' twice");
            }
        }
    }

    /** A probability in [0, 1]. */
    double probability(String key, double dflt) {
        double p = number(key, dflt);
        if (p < 0 || p > 1) throw bad(key, "must be a probability in [0, 1]");
        return p;
    }

    /** A number {@code >= 0}. */
    double nonNegative(String key, double dflt) {
        double v = number(key, dflt);
        if (v < 0) throw bad(key, "must be >= 0");
        return v;
    }

    double number(String key, double dflt) {
        String v = values.remove(key);
        if (v == null) return dflt;
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, "must be a number, got '" + v + "'");
        }
    }

    /** {@code lo:hi} with {@code 0 < lo <= hi} (a single number means lo = hi). */
    double[] range(String key, double lo, double hi) {
        String v = values.remove(key);
        if (v == null) return new double[] {lo, hi};
        String[] p = v.split(":", -1);
        try {
            if (p.length > 2) throw new NumberFormatException();
            double a = Double.parseDouble(p[0].strip()), b = p.length == 2 ? Double.parseDouble(p[1].strip()) : a;
            if (!(a > 0) || !(b >= a) || !Double.isFinite(b)) throw bad(key, "must be LO:HI with 0 < LO <= HI, got '" + v + "'");
            return new double[] {a, b};
        } catch (NumberFormatException e) {
            throw bad(key, "must be LO:HI, got '" + v + "'");
        }
    }

    void done() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("--augment: " + step + "(...) has no parameter '" + values.keySet().iterator().next() + "'");
        }
    }

    private IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("--augment: " + step + "(" + key + "=...) " + why);
    }

    /** {@code LO:HI} as {@link #range} reads it. */
    static String range(double lo, double hi) {
        return fmt(lo) + ":" + fmt(hi);
    }

    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) return Long.toString((long) d);
        String s = String.format(Locale.ROOT, "%.4f", d);
        return s.replaceAll("0+$", "");
    }
}
