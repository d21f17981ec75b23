package dev.cvpipe.dataset;

import dev.cvpipe.image.ImageInfo;
import dev.cvpipe.image.ImageInspector;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Progress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sizes and modes of a dataset's images, from {@link ImageInspector} (headers only unless
 * {@code deep}): how many of each Pillow mode (RGB, L, P, RGBA...), the smallest, median and
 * largest width and height, and how many files could not be used (each reported as a bad input).
 */
public record ImageSummary(int inspected, int unreadable, Map<String, Integer> modes, Map<String, Integer> formats,
                           int[] width, int[] height, int extensionMismatches) {

    /** {min, median, max}; the median of an even count is the lower middle value. */
    private static int[] spread(int[] v, int n) {
        if (n == 0) return new int[] {0, 0, 0};
        int[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return new int[] {s[0], s[(n - 1) / 2], s[n - 1]};
    }

    public static ImageSummary of(List<Path> files, boolean deep, BadInputs bad) {
        Map<String, Integer> modes = new TreeMap<>();
        Map<String, Integer> formats = new TreeMap<>();
        int[] w = new int[files.size()];
        int[] h = new int[files.size()];
        int ok = 0, badCount = 0, mismatch = 0;
        try (Progress p = new Progress("stats: inspect", files.size())) {
            for (Path f : files) {
                ImageInfo info = ImageInspector.inspect(f, deep);
                p.step();
                if (!info.ok()) {
                    badCount++;
                    bad.report(f, info.status());
                    continue;
                }
                modes.merge(info.mode() == null ? "?" : info.mode(), 1, Integer::sum);
                formats.merge(info.format() == null ? "?" : info.format(), 1, Integer::sum);
                if (info.extensionMismatch()) mismatch++;
                w[ok] = info.width();
                h[ok] = info.height();
                ok++;
            }
        }
        return new ImageSummary(ok, badCount, byCount(modes), byCount(formats), spread(w, ok), spread(h, ok), mismatch);
    }

    /** Most frequent first, ties by name, so the output is the same on every run. */
    private static Map<String, Integer> byCount(Map<String, Integer> m) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inspected", inspected);
        m.put("unreadable", unreadable);
        m.put("modes", modes);
        m.put("formats", formats);
        m.put("width", spreadMap(width));
        m.put("height", spreadMap(height));
        m.put("extension_mismatches", extensionMismatches);
        return m;
    }

    private static Map<String, Integer> spreadMap(int[] v) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("min", v[0]);
        m.put("median", v[1]);
        m.put("max", v[2]);
        return m;
    }

    /** The lines under the class table in text output. */
    public List<String> lines() {
        StringBuilder modeText = new StringBuilder();
        modes.forEach((k, v) -> modeText.append(modeText.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        StringBuilder formatText = new StringBuilder();
        formats.forEach((k, v) -> formatText.append(formatText.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return List.of(
                "images inspected: " + inspected + (unreadable > 0 ? " (" + unreadable + " unreadable, listed on stderr)" : ""),
                "modes: " + (modeText.length() == 0 ? "-" : modeText),
                "formats: " + (formatText.length() == 0 ? "-" : formatText)
                        + (extensionMismatches > 0 ? " (" + extensionMismatches + " with another format's extension)" : ""),
                "width  min/median/max: " + width[0] + " / " + width[1] + " / " + width[2],
                "height min/median/max: " + height[0] + " / " + height[1] + " / " + height[2]);
    }
}
