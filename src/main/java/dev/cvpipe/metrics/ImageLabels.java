package dev.cvpipe.metrics;

import dev.cvpipe.report.Csv;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads "image → class" files keyed by file name (the path's last segment):
 * <ul>
 *   <li>CSV {@code name,class} — the competition's result.csv (no header); a first row whose
 *       name has no file extension is taken as a header and skipped;</li>
 *   <li>a PaddleX list {@code dir/name.jpg CLASS_ID}, whitespace-separated.</li>
 * </ul>
 * The format is chosen by the first non-blank line: a comma means CSV.
 */
public final class ImageLabels {
    private ImageLabels() {}

    /**
     * Name → class in file order. Malformed lines and repeated names go to {@code bad} as
     * ("FILE:LINE", reason) and are skipped (a repeated name keeps its first class).
     */
    public static Map<String, String> read(Path file, BiConsumer<String, String> bad) throws IOException {
        String text = dev.cvpipe.io.InputFiles.readText(file);
        Map<String, String> out = new LinkedHashMap<>();
        String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        if (first.contains(",")) readCsv(file, text, out, bad);
        else readList(file, text, out, bad);
        return out;
    }

    private static void readCsv(Path file, String text, Map<String, String> out, BiConsumer<String, String> bad)
            throws IOException {
        try (CSVParser p = Csv.parser(new StringReader(text), false)) {
            boolean firstRecord = true;
            for (CSVRecord r : p) {
                String where = file + ":" + p.getCurrentLineNumber();
                if (r.size() < 2 || r.get(0).isBlank() || r.get(1).isBlank()) {
                    if (!(r.size() == 1 && r.get(0).isBlank())) bad.accept(where, "expected name,class");
                    firstRecord = false;
                    continue;
                }
                if (r.size() > 2) {
                    // "e.jpg,1,2" is not one class: guessing which field counts would score the wrong thing
                    bad.accept(where, "expected name,class, not " + r.size() + " fields"
                            + " (eval scores one class per image; a --topk file has more)");
                    firstRecord = false;
                    continue;
                }
                String name = fileName(r.get(0).trim());
                if (firstRecord && !hasExtension(name)) {
                    firstRecord = false;
                    continue; // a header row such as "image,label"
                }
                firstRecord = false;
                put(out, name, r.get(1).trim(), where, bad);
            }
        }
    }

    private static void readList(Path file, String text, Map<String, String> out, BiConsumer<String, String> bad) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String where = file + ":" + (i + 1);
            int sp = lastWhitespace(line);
            if (sp < 0) {
                bad.accept(where, "expected 'path class'");
                continue;
            }
            put(out, fileName(line.substring(0, sp).strip()), line.substring(sp + 1), where, bad);
        }
    }

    private static void put(Map<String, String> out, String name, String cls, String where, BiConsumer<String, String> bad) {
        String before = out.putIfAbsent(name, cls);
        if (before != null) bad.accept(where, name + " is listed twice (first as class " + before + ")");
    }

    private static int lastWhitespace(String s) {
        for (int i = s.length() - 1; i >= 0; i--) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    /** The last path segment, whichever separator the list was written with. */
    static String fileName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(i + 1);
    }

    private static boolean hasExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1;
    }
}
