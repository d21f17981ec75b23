package dev.cvpipe.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects "PATH: reason" lines for inputs a command skipped. Each is printed on stderr as it
 * happens; at the end the command exits 3 if any were recorded. With strict mode the first one
 * stops the run instead. Thread-safe: workers report from several threads.
 */
public final class BadInputs {
    /** Thrown on the first bad input under --strict. */
    public static final class StrictStop extends RuntimeException {
        public StrictStop(String line) {
            super(line);
        }
    }

    private final boolean strict;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    public BadInputs(boolean strict) {
        this.strict = strict;
    }

    /** Records and prints one bad input; under strict mode throws {@link StrictStop}. */
    public void report(Object where, String reason) {
        String line = escape(String.valueOf(where)) + ": " + oneLine(reason);
        lines.add(line);
        Log.warn("%s", line);
        if (strict) throw new StrictStop(line);
    }

    public boolean any() {
        return !lines.isEmpty();
    }

    public int count() {
        return lines.size();
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Exceptions from decoders can carry newlines; a bad-input report is always one line. */
    public static String oneLine(String s) {
        if (s == null || s.isBlank()) return "unknown error";
        return escape(s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim());
    }

    /**
     * A file name may hold any byte but '/' and NUL: a newline or an escape sequence in it would
     * split a {@code PATH: reason} line in two or repaint the terminal. Control characters are
     * written as {@code \n}, {@code \t}, {@code \r} or {@code \xNN}, so one report stays one line
     * and the name can still be typed back.
     */
    public static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c)) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\x%02x", (int) c));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
