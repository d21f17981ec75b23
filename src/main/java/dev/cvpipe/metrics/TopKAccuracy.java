package dev.cvpipe.metrics;

import java.util.List;
import java.util.Map;

/**
 * Top-k accuracy of ranked predictions ({@code predict --topk K}): the share of images, among
 * those in both maps, whose true class is one of its first k predicted classes (scikit-learn's
 * {@code top_k_accuracy_score} given the ranking). k is at most the file's width, at most 5.
 */
public record TopKAccuracy(int k, long hits, long images) {
    public static final int MAX_K = 5;

    /** k = min(5, widest ranking); null when every ranking has a single class (plain accuracy). */
    public static TopKAccuracy of(Map<String, String> truth, Map<String, List<String>> ranked) {
        int width = 0;
        for (List<String> r : ranked.values()) width = Math.max(width, r.size());
        if (width < 2) return null;
        int k = Math.min(MAX_K, width);
        long hits = 0, images = 0;
        for (Map.Entry<String, String> t : truth.entrySet()) {
            List<String> r = ranked.get(t.getKey());
            if (r == null) continue;
            images++;
            if (r.subList(0, Math.min(k, r.size())).contains(t.getValue())) hits++;
        }
        return new TopKAccuracy(k, hits, images);
    }

    public double value() {
        return images == 0 ? Double.NaN : (double) hits / images;
    }

    /** The metric's name in eval's output: {@code top5_accuracy} for k = 5. */
    public String name() {
        return "top" + k + "_accuracy";
    }
}
