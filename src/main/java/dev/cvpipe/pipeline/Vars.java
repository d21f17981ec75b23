package dev.cvpipe.pipeline;

import java.util.Map;

/**
 * {@code ${name}} substitution. {@code $$} stands for a literal {@code $}; any other {@code $} is
 * kept as it is, so shell-looking text without braces passes through. An unknown name is an error
 * rather than an empty string: a typo must not turn {@code ${out}/split} into {@code /split}.
 */
final class Vars {
    private Vars() {}

    /** @throws IllegalArgumentException naming the unknown or unterminated variable */
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
