package dev.cvpipe.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Predicted classes against true classes, matched by image name. The classes are those that
 * occur on either side, ordered numerically when all are integers (so 2 sorts before 10),
 * else alphabetically. Names on one side only are listed, not scored.
 */
public record LabelComparison(ClassificationReport report, List<String> missing, List<String> extra) {

    /** {@code missing}: in truth, not predicted; {@code extra}: predicted, not in truth. */
    public static LabelComparison of(Map<String, String> truth, Map<String, String> pred) {
        TreeSet<String> classes = new TreeSet<>(classOrder(truth, pred));
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        truth.forEach((name, cls) -> {
            if (pred.containsKey(name)) {
                classes.add(cls);
                classes.add(pred.get(name));
            } else {
                missing.add(name);
            }
        });
        pred.keySet().forEach(name -> {
            if (!truth.containsKey(name)) extra.add(name);
        });
        List<String> labels = List.copyOf(classes);
        Map<String, Integer> index = new java.util.HashMap<>();
        for (String c : labels) index.put(c, index.size());
        ConfusionMatrix m = new ConfusionMatrix(Math.max(1, labels.size()));
        truth.forEach((name, cls) -> {
            String p = pred.get(name);
            if (p != null) m.add(index.get(cls), index.get(p));
        });
        List<String> shown = labels.isEmpty() ? List.of("-") : labels;
        return new LabelComparison(new ClassificationReport(shown, m), missing, extra);
    }

    private static Comparator<String> classOrder(Map<String, String> truth, Map<String, String> pred) {
        boolean numeric = truth.values().stream().allMatch(LabelComparison::isInteger)
                && pred.values().stream().allMatch(LabelComparison::isInteger);
        return numeric ? Comparator.comparing((String s) -> new java.math.BigInteger(s)) : Comparator.naturalOrder();
    }

    private static boolean isInteger(String s) {
        return s.matches("-?\\d{1,30}");
    }
}
