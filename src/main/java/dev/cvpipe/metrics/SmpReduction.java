package dev.cvpipe.metrics;

import java.util.Locale;

/**
 * segmentation_models.pytorch's ways of reducing per-image, per-class tp/fp/fn/tn to one score
 * ({@code smp.metrics.functional._compute_metric}), for its 'multiclass' statistics where each
 * class is scored one-vs-rest:
 * <ul>
 *   <li>{@code micro}: sum tp/fp/fn/tn over all images and classes, then one score (NaN when
 *       undefined — smp does not replace it);</li>
 *   <li>{@code macro}: sum over images, a score per class, 0/0 replaced by 1 (smp's default
 *       {@code zero_division=1.0}), plain mean over all K classes;</li>
 *   <li>{@code micro-imagewise}: sum over classes, a score per image, 0/0 replaced by 1, mean over
 *       images.</li>
 * </ul>
 */
public enum SmpReduction {
    MICRO("micro"), MACRO("macro"), MICRO_IMAGEWISE("micro-imagewise");

    private final String label;

    SmpReduction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static SmpReduction parse(String s) {
        for (SmpReduction r : values()) {
            if (r.label.equals(s.toLowerCase(Locale.ROOT)) || r.name().equalsIgnoreCase(s)) return r;
        }
        throw new IllegalArgumentException("unknown reduction '" + s + "' (micro, macro, micro-imagewise)");
    }

    @Override
    public String toString() {
        return label;
    }
}
