package dev.cvpipe.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Pairs prediction masks with ground-truth masks by file name without extension, so
 * {@code pred/a.png} meets {@code gt/a.png} or {@code gt/a.tif}. Only the top level of each folder,
 * hidden files skipped.
 */
public final class MaskPairs {
    /** One prediction/truth pair, named by the shared stem. */
    public record Pair(String name, Path pred, Path truth) {}

    static final Set<String> EXTENSIONS = Set.of("png", "bmp", "gif", "tif", "tiff", "jpg", "jpeg", "webp", "pgm", "pnm");

    private MaskPairs() {}

    /**
     * The matched pairs in name order; each unmatched or ambiguous file goes to {@code bad}
     * as (file, reason) — a prediction without truth, a truth without prediction, two files with
     * one stem.
     */
    public static List<Pair> match(Path predDir, Path truthDir, BiConsumer<Path, String> bad) throws IOException {
        TreeMap<String, Path> preds = byStem(predDir, bad);
        TreeMap<String, Path> truths = byStem(truthDir, bad);
        List<Pair> pairs = new ArrayList<>();
        for (var e : preds.entrySet()) {
            Path truth = truths.get(e.getKey());
            if (truth == null) bad.accept(e.getValue(), "prediction without ground truth (no " + e.getKey() + ".* in " + truthDir + ")");
            else pairs.add(new Pair(e.getKey(), e.getValue(), truth));
        }
        for (var e : truths.entrySet()) {
            if (!preds.containsKey(e.getKey())) {
                bad.accept(e.getValue(), "ground truth without prediction (no " + e.getKey() + ".* in " + predDir + ")");
            }
        }
        return pairs;
    }

    private static TreeMap<String, Path> byStem(Path dir, BiConsumer<Path, String> bad) throws IOException {
        // File.list: names only, no Path or attribute per entry until needed — listing 2,000 masks
        // this way is a few milliseconds even before the JIT has warmed up.
        String[] names = dir.toFile().list();
        if (names == null) throw new IOException(dir + ": not a directory (or not readable)");
        Arrays.sort(names);
        TreeMap<String, Path> out = new TreeMap<>();
        for (String name : names) {
            if (!isMaskName(name)) continue;
            Path f = dir.resolve(name);
            String stem = stem(name);
            Path first = out.putIfAbsent(stem, f);
            if (first != null) bad.accept(f, "same name as " + first.getFileName() + " (masks are matched by name without extension)");
        }
        return out;
    }

    /** Not hidden, with an image extension; a directory so named fails later as an undecodable mask. */
    static boolean isMaskName(String name) {
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
