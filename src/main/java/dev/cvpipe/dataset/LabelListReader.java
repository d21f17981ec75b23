package dev.cvpipe.dataset;

import dev.cvpipe.io.InputFiles;
import dev.cvpipe.report.BadInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code PATH<sep>CLASS} lists as people and tools write them: tab, spaces or comma between
 * path and class (the class is the last field, so paths may contain spaces), CRLF or LF, an
 * optional UTF-8 BOM, blank lines and {@code #} comments. PaddleX lists ({@code 03/x.jpg 3}) and
 * cat-12's {@code train_list.txt} both read with it. Lines it cannot use are reported as
 * {@code LIST:LINE: reason} and left out; the rest is returned.
 */
public final class LabelListReader {
    private static final Pattern LINE = Pattern.compile("^(.*?)[\\t ,]+([^\\t ,]+)$");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    /** A line that cannot be used, not yet reported. */
    public record Problem(int lineNumber, String where, String reason) {}

    /** The usable lines, the unusable ones, and the SHA-256 of the file's bytes (what split.json records). */
    public record Result(List<ListLine> lines, List<Problem> problems, String sha256, int linesRead) {}

    private LabelListReader() {}

    /**
     * @param numClasses labels must lie in 0..numClasses-1; {@code null} accepts any id &ge; 0
     */
    public static Result read(Path list, Integer numClasses, BadInputs bad) throws IOException {
        Result r = read(list, numClasses);
        for (Problem p : r.problems()) bad.report(p.where(), p.reason());
        return r;
    }

    /** Like {@link #read(Path, Integer, BadInputs)} but leaves reporting to the caller. */
    public static Result read(Path list, Integer numClasses) throws IOException {
        List<Problem> problems = new ArrayList<>();
        byte[] bytes = InputFiles.readAllBytes(list);
        String text = InputFiles.decode(list, bytes);
        String[] rows = text.split("\r\n|\r|\n", -1);
        List<ListLine> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i].strip();
            if (row.isEmpty() || row.startsWith("#")) continue;
            String where = list + ":" + (i + 1);
            Matcher m = LINE.matcher(row);
            if (!m.matches() || m.group(1).isBlank()) {
                problems.add(new Problem(i + 1, where, "no class after the path (expected PATH<TAB>CLASS)"));
                continue;
            }
            String label = m.group(2);
            Integer id = parseLabel(label);
            if (id == null) {
                problems.add(new Problem(i + 1, where, "class '" + label + "' is not an integer"));
            } else if (id < 0) {
                problems.add(new Problem(i + 1, where, "class " + id + " is negative"));
            } else if (numClasses != null && id >= numClasses) {
                problems.add(new Problem(i + 1, where, "class " + id + " is outside 0.." + (numClasses - 1) + " (--num-classes " + numClasses + ")"));
            } else {
                out.add(new ListLine(where, i + 1, m.group(1).strip(), id));
            }
        }
        return new Result(out, problems, sha256(bytes), rows.length);
    }

    private static Integer parseLabel(String s) {
        if (!INTEGER.matcher(s).matches()) return null;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null; // too many digits
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
