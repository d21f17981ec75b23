package dev.cvpipe.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code run:} string into arguments the way a POSIX shell would for the simple cases:
 * whitespace separates, '...' is literal, "..." allows \" and \\, a backslash outside quotes
 * escapes the next character. No globbing, no variables (those are {@code ${name}}, done after).
 */
final class CommandWords {
    private CommandWords() {}

    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) words.add(cur.toString());
                cur.setLength(0);
                inWord = false;
                i++;
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unterminated ' quote");
                cur.append(s, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) throw new IllegalArgumentException("unterminated \" quote");
                    char d = s.charAt(i);
                    if (d == '"') break;
                    if (d == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) d = s.charAt(++i);
                    cur.append(d);
                    i++;
                }
                inWord = true;
                i++;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(cur.toString());
        return words;
    }
}
