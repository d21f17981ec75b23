package dev.cvpipe.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README's console examples as a contract. A fenced block preceded by a marker comment is
 * an example:
 * <ul>
 *   <li>{@code <!-- contract: run -->}: a console session. {@code $ } lines are commands
 *       ({@code \} continues a command on the next line); the lines up to the next command are
 *       what it prints, stdout and stderr in any interleaving that keeps each stream's order.
 *       A line {@code ...} stands for any number of lines; a trailing {@code <- stderr} is a
 *       note for readers and ignored.</li>
 *   <li>{@code <!-- contract: file NAME -->}: the block is written to NAME in the working folder
 *       (a pipeline file the next examples run).</li>
 *   <li>{@code <!-- contract: skip REASON -->}: shown, not run (a benchmark, data not shipped).</li>
 * </ul>
 * Unmarked blocks are prose. Examples run in README order in one working folder, so a later one
 * may use what an earlier one wrote. Commands are {@code bin/cvpipe}/{@code cvpipe} (run in
 * this JVM), {@code echo $?}, {@code head}, {@code cat}, {@code ls} and {@code touch}.
 */
final class ReadmeContract {
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*contract:\\s*(run|file|skip)\\b\\s*(.*?)\\s*-->\\s*$");

    /** One marked block; {@code line} is the README line of its opening fence. */
    record Block(String kind, String arg, int line, List<String> lines) {}

    /** One command of a session and the lines shown under it. */
    record Step(String command, int line, List<String> expected) {}

    private ReadmeContract() {}

    static List<Block> blocks(List<String> readme) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            Matcher m = MARKER.matcher(readme.get(i).strip());
            if (!m.matches()) continue;
            int open = i + 1;
            while (open < readme.size() && readme.get(open).isBlank()) open++;
            if (open >= readme.size() || !readme.get(open).startsWith("```")) {
                throw new IllegalStateException("README.md:" + (i + 1) + ": a contract marker must precede a fenced block");
            }
            int close = open + 1;
            while (close < readme.size() && !readme.get(close).strip().equals("```")) close++;
            if (close >= readme.size()) throw new IllegalStateException("README.md:" + (open + 1) + ": unclosed block");
            out.add(new Block(m.group(1), m.group(2), open + 1, List.copyOf(readme.subList(open + 1, close))));
            i = close;
        }
        return out;
    }

    static List<Step> steps(Block b) {
        List<Step> out = new ArrayList<>();
        StringBuilder cmd = null;
        int cmdLine = 0;
        List<String> expected = null;
        boolean continued = false;
        for (int i = 0; i < b.lines().size(); i++) {
            String l = b.lines().get(i);
            if (continued) {
                cmd.append(' ').append(l.strip());
            } else if (l.startsWith("$ ")) {
                if (cmd != null) out.add(new Step(cmd.toString(), cmdLine, expected));
                cmd = new StringBuilder(l.substring(2).strip());
                cmdLine = b.line() + 1 + i;
                expected = new ArrayList<>();
            } else if (cmd == null) {
                throw new IllegalStateException("README.md:" + (b.line() + 1 + i) + ": output before the first $ command");
            } else {
                expected.add(l.replaceFirst("\\s+<- stderr$", ""));
            }
            continued = l.endsWith("\\") && (continued || l.startsWith("$ "));
            if (continued) {
                cmd.setLength(cmd.length() - 1);
                while (cmd.length() > 0 && cmd.charAt(cmd.length() - 1) == ' ') cmd.setLength(cmd.length() - 1);
            }
        }
        if (cmd != null) out.add(new Step(cmd.toString(), cmdLine, expected));
        return out;
    }

    /**
     * Words of a command line as sh splits them: quotes, a trailing {@code # comment},
     * brace expansion {@code a/{x,y}.png}.
     */
    static List<String> words(String line) {
        List<String> raw = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else w.append(c);
            } else if (c == '\'' || c == '"') {
                if (w == null) w = new StringBuilder();
                quote = c;
            } else if (Character.isWhitespace(c)) {
                if (w != null) raw.add(w.toString());
                w = null;
            } else if (c == '#' && w == null) {
                break;
            } else {
                if (w == null) w = new StringBuilder();
                w.append(c);
            }
        }
        if (w != null) raw.add(w.toString());
        List<String> out = new ArrayList<>();
        for (String s : raw) out.addAll(braces(s));
        return out;
    }

    private static List<String> braces(String s) {
        int open = s.indexOf('{'), close = s.indexOf('}', open + 1);
        if (open < 0 || close < 0 || !s.substring(open, close).contains(",")) return List.of(s);
        List<String> out = new ArrayList<>();
        for (String alt : s.substring(open + 1, close).split(",", -1)) {
            out.addAll(braces(s.substring(0, open) + alt + s.substring(close + 1)));
        }
        return out;
    }

    /** What a command printed, after the working folder and volatile values are normalised. */
    record Printed(int exit, List<String> out, List<String> err) {}

    /** Values that change from run to run (times, rates, dates), the same on both sides. */
    private static final List<Pattern> VOLATILE = List.of(
            Pattern.compile("\\d+(\\.\\d+)?s \\d+(\\.\\d+)? img/s"),          // epoch lines
            Pattern.compile("(?<=done in )\\d+(\\.\\d+)? s"),
            Pattern.compile("(?<=batches \\()\\d+(\\.\\d+)?s(?=\\))"),       // swa: BN statistics ... (0.2s)
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"),
            Pattern.compile("(?<=(ran|skip)\\s{1,40}\\d\\s{1,40})(\\d+\\.\\d|-)(?=\\s)"));  // run table: seconds

    static String normalise(String line, Path work) {
        String s = line;
        if (work != null) {
            String w = work.toAbsolutePath().toString();
            s = s.replace(w + "/tmp/", "/tmp/").replace(w + "/", "").replace(w, ".");
        }
        for (Pattern p : VOLATILE) s = p.matcher(s).replaceAll("#");
        // table columns widen with their values: compare cells, not padding
        return s.strip().replaceAll("\\s+", " ");
    }

    /**
     * Whether {@code expected} is {@code out} and {@code err} interleaved, each in its own order;
     * an expected line {@code ...} matches any run of lines from either stream.
     */
    static boolean interleaves(List<String> expected, List<String> out, List<String> err) {
        int e = expected.size(), o = out.size(), r = err.size();
        // can[i][j][k]: expected[i..] matches out[j..] and err[k..]
        boolean[][][] can = new boolean[e + 1][o + 1][r + 1];
        for (int i = e; i >= 0; i--) {
            for (int j = o; j >= 0; j--) {
                for (int k = r; k >= 0; k--) {
                    boolean ok;
                    if (i == e) {
                        ok = j == o && k == r;
                    } else if (expected.get(i).equals("...")) {
                        ok = can[i + 1][j][k] || (j < o && can[i][j + 1][k]) || (k < r && can[i][j][k + 1]);
                    } else {
                        ok = (j < o && expected.get(i).equals(out.get(j)) && can[i + 1][j + 1][k])
                                || (k < r && expected.get(i).equals(err.get(k)) && can[i + 1][j][k + 1]);
                    }
                    can[i][j][k] = ok;
                }
            }
        }
        return can[0][0][0];
    }

    /** Runs the session's commands; cvpipe commands in this JVM with the README's paths mapped into {@code work}. */
    static final class Shell {
        /** Options whose value is a file or folder the command writes. */
        private static final Set<String> OUTPUTS = Set.of("-o", "--out", "--output", "--report", "--chart", "--per-image",
                "--probs", "--draw", "--matrix-csv");
        private final Path work;
        private int lastExit;

        Shell(Path work) {
            this.work = work;
        }

        /** A path as the README writes it, as this test runs it: /tmp/X and the examples' own files in the working folder. */
        String path(String s, boolean written) {
            if (s.startsWith("/tmp/")) return work + s;
            if (s.startsWith("/") || s.startsWith("-")) return s;
            String first = s.split("/", 2)[0];
            return written || Files.exists(work.resolve(first)) ? work.resolve(s).toString() : s;
        }

        Printed run(String command) throws IOException {
            List<String> w = new ArrayList<>(words(command));
            boolean dropOut = false, dropErr = false;
            for (int i = w.size() - 1; i >= 0; i--) {
                String x = w.get(i);
                if (x.equals("2>/dev/null")) {
                    dropErr = true;
                    w.remove(i);
                } else if (x.equals(">/dev/null") || (x.equals(">") && i + 1 < w.size() && w.get(i + 1).equals("/dev/null"))) {
                    dropOut = true;
                    if (x.equals(">")) w.remove(i + 1);
                    w.remove(i);
                }
            }
            Printed p = switch (w.get(0)) {
                case "bin/cvpipe", "cvpipe" -> cvpipe(w.subList(1, w.size()));
                case "echo" -> {
                    if (!w.equals(List.of("echo", "$?"))) throw new IllegalArgumentException("only 'echo $?' is supported: " + command);
                    yield new Printed(0, List.of(Integer.toString(lastExit)), List.of());
                }
                case "head" -> {
                    int n = w.get(1).equals("-n") ? Integer.parseInt(w.get(2)) : Integer.parseInt(w.get(1).substring(1));
                    List<String> lines = Files.readAllLines(Path.of(path(w.get(w.size() - 1), false)), StandardCharsets.UTF_8);
                    yield new Printed(0, lines.subList(0, Math.min(n, lines.size())), List.of());
                }
                case "touch" -> {
                    Path f = Path.of(path(w.get(1), false));
                    if (!Files.exists(f)) Files.createFile(f);
                    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
                    yield new Printed(0, List.of(), List.of());
                }
                case "cat" -> new Printed(0, Files.readAllLines(Path.of(path(w.get(1), false)), StandardCharsets.UTF_8), List.of());
                case "ls" -> {
                    try (Stream<Path> s = Files.list(Path.of(path(w.get(1), false)))) {
                        // ls on a terminal: one row, two spaces apart (short listings)
                        yield new Printed(0, List.of(String.join("  ", s.map(f -> f.getFileName().toString()).sorted().toList())), List.of());
                    }
                }
                default -> throw new IllegalArgumentException("README example uses a command the contract test cannot run: " + command);
            };
            lastExit = p.exit();
            return new Printed(p.exit(), dropOut ? List.of() : p.out(), dropErr ? List.of() : p.err());
        }

        private Printed cvpipe(List<String> args) {
            List<String> mapped = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                boolean optionValue = i > 0 && args.get(i - 1).startsWith("-");
                boolean pathLike = optionValue || a.contains("/") || a.matches(".*\\.[A-Za-z]{2,5}");
                mapped.add(pathLike ? path(a, optionValue && OUTPUTS.contains(args.get(i - 1))) : a);
            }
            CliRun r = CliRun.of(mapped.toArray(String[]::new));
            return new Printed(r.exit(), r.out().lines().toList(), r.err().lines().toList());
        }
    }
}
