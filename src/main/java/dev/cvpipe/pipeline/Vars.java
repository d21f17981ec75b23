package dev.cvpipe.pipeline;

import java.util.Map;

/**
 * {@code ${name}} substitution. {@code $$} stands for a literal {@code $}; any other {@code $} is
 * kept as it is, so shell-looking text without braces passes through. An unknown name is an error
 * rather than an empty string: a typo must not turn {@code ${out}/split} into {@code /split}.
 */
final class Vars {
    /**
     * The longest text one substitution may produce. Vars may use earlier vars, so ten copies of
     * a var nested eight deep is 10^8 characters from a 200-byte file: without a cap a hostile or
     * mistaken file runs the JVM out of heap. Real values are paths and command lines, far below this.
     */
    static final int MAX_LENGTH = 100_000;

    private Vars() {}

    /** @throws IllegalArgumentException naming the unknown or unterminated variable, or when the result exceeds {@link #MAX_LENGTH} */
    static String substitute(String text, Map<String, String> vars) {
        if (text.indexOf('$') < 0) return text;
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                sb.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) throw new IllegalArgumentException("unterminated ${ in '" + text + "'");
                String name = text.substring(i + 2, end).trim();
                String value = vars.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("unknown variable ${" + name + "} (defined: "
                            + String.join(", ", vars.keySet()) + ")");
                }
                if (sb.length() + value.length() > MAX_LENGTH) {
                    throw new IllegalArgumentException("${" + name + "} expands to more than " + MAX_LENGTH
                            + " characters here (vars nested too deep?)");
                }
                sb.append(value);
                i = end + 1;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }
}
