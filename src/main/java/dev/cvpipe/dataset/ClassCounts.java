package dev.cvpipe.dataset;

import dev.cvpipe.report.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Images per class (and per train/val/test when known), each class's share of the total and the
 * imbalance ratio: the largest class divided by the smallest, infinite when a class is empty.
 */
public record ClassCounts(ClassNames classes, boolean bySubset, int[][] perSubset, int[] perClass) {

    public static ClassCounts of(DatasetView view) {
        int k = view.classes().size();
        int[][] sub = new int[k][Subset.values().length];
        int[] total = new int[k];
        for (DatasetView.Item i : view.items()) {
            if (i.classId() >= k) continue; // a list naming more classes than labels.txt: already reported
            total[i.classId()]++;
            if (i.subset() != null) sub[i.classId()][i.subset().ordinal()]++;
        }
        return new ClassCounts(view.classes(), view.hasSubsets(), sub, total);
    }

    public int total() {
        int n = 0;
        for (int c : perClass) n += c;
        return n;
    }

    public double share(int classId) {
        int t = total();
        return t == 0 ? Double.NaN : perClass[classId] / (double) t;
    }

    public int largest() {
        int best = 0;
        for (int c = 1; c < perClass.length; c++) if (perClass[c] > perClass[best]) best = c;
        return best;
    }

    public int smallest() {
        int best = 0;
        for (int c = 1; c < perClass.length; c++) if (perClass[c] < perClass[best]) best = c;
        return best;
    }

    /** max / min over all classes; NaN without classes, +Infinity when some class has no image. */
    public double imbalanceRatio() {
        if (perClass.length == 0) return Double.NaN;
        int min = perClass[smallest()];
        return min == 0 ? Double.POSITIVE_INFINITY : perClass[largest()] / (double) min;
    }

    /** One row per class and a final {@code total} row. */
    public Table table() {
        return table(true);
    }

    public Table table(boolean withTotal) {
        List<String> cols = new ArrayList<>(List.of("id", "class"));
        if (bySubset) for (Subset s : Subset.values()) cols.add(s.label());
        cols.add("count");
        cols.add("share");
        Table t = new Table(cols.toArray(String[]::new));
        for (int c = 0; c < perClass.length; c++) {
            List<Object> row = new ArrayList<>(List.of(c, classes.name(c)));
            if (bySubset) for (Subset s : Subset.values()) row.add(perSubset[c][s.ordinal()]);
            row.add(perClass[c]);
            row.add(share(c));
            t.add(row.toArray());
        }
        if (!withTotal) return t;
        List<Object> row = new ArrayList<>();
        row.add(null);
        row.add("total");
        if (bySubset) {
            for (Subset s : Subset.values()) {
                int n = 0;
                for (int[] r : perSubset) n += r[s.ordinal()];
                row.add(n);
            }
        }
        row.add(total());
        row.add(total() == 0 ? Double.NaN : 1.0);
        t.add(row.toArray());
        return t;
    }

    /** The summary for JSON output and split.json-like records. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classes", perClass.length);
        m.put("total", total());
        m.put("imbalance_ratio", dev.cvpipe.report.Json.number(imbalanceRatio()));
        if (perClass.length > 0) {
            m.put("largest_class", classes.name(largest()));
            m.put("largest_count", perClass[largest()]);
            m.put("smallest_class", classes.name(smallest()));
            m.put("smallest_count", perClass[smallest()]);
        }
        return m;
    }
}
