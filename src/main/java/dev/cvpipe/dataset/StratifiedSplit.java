package dev.cvpipe.dataset;

import dev.cvpipe.report.Log;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Splits each class on its own so every class keeps its share in train, val and test. Within a
 * class the images are sorted by file name (String order, i.e. UTF-16 code units: the same on
 * every machine and locale), shuffled with {@link SplitMix64} seeded by
 * {@code seed + classId * 0x632BE59BD9B4E019}, and the first {@code val} go to val, the next
 * {@code test} to test, the rest to train. At least one image of each non-empty class stays in
 * train: test gives way first, then val.
 */
public final class StratifiedSplit {
    /** Odd and unrelated to SplitMix64's own increment, so two classes never draw overlapping streams. */
    static final long CLASS_STREAM = 0x632BE59BD9B4E019L;

    /** Per class, per subset, the images sorted by file name. */
    public record Plan(List<Map<Subset, List<LabelledImage>>> byClass) {
        public int count(int classId, Subset s) {
            return byClass.get(classId).get(s).size();
        }

        public int total(Subset s) {
            return byClass.stream().mapToInt(m -> m.get(s).size()).sum();
        }
    }

    private StratifiedSplit() {}

    public static Plan plan(LabelledSet set, SplitShare val, SplitShare test, long seed) {
        int k = set.classes().size();
        List<List<LabelledImage>> perClass = new ArrayList<>(k);
        for (int c = 0; c < k; c++) perClass.add(new ArrayList<>());
        for (LabelledImage i : set.images()) perClass.get(i.classId()).add(i);

        List<Map<Subset, List<LabelledImage>>> out = new ArrayList<>(k);
        Comparator<LabelledImage> byName = Comparator.comparing(LabelledImage::fileName);
        for (int c = 0; c < k; c++) {
            List<LabelledImage> imgs = perClass.get(c);
            imgs.sort(byName);
            int n = imgs.size();
            int nVal = val.of(n);
            int nTest = test.of(n);
            int over = nVal + nTest - Math.max(0, n - 1);
            if (over > 0) {
                int cut = Math.min(over, nTest);
                nTest -= cut;
                nVal -= over - cut;
                Log.warn("class %s: only %d image(s); val %d, test %d so that one stays in train",
                        set.classes().name(c), n, nVal, nTest);
            }
            new SplitMix64(seed + c * CLASS_STREAM).shuffle(imgs);
            Map<Subset, List<LabelledImage>> parts = new EnumMap<>(Subset.class);
            parts.put(Subset.VAL, sorted(imgs.subList(0, nVal), byName));
            parts.put(Subset.TEST, sorted(imgs.subList(nVal, nVal + nTest), byName));
            parts.put(Subset.TRAIN, sorted(imgs.subList(nVal + nTest, n), byName));
            out.add(parts);
        }
        return new Plan(out);
    }

    private static List<LabelledImage> sorted(List<LabelledImage> part, Comparator<LabelledImage> order) {
        List<LabelledImage> l = new ArrayList<>(part);
        l.sort(order);
        return List.copyOf(l);
    }
}
