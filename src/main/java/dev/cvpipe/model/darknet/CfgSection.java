package dev.cvpipe.model.darknet;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One [section] of a darknet .cfg with its key=value lines and where each came from, so every
 * complaint can name the file and line. Values are read through typed getters that record which
 * keys were used; {@link #rejectUnknown} then fails on any key the section's reader did not expect.
 */
public final class CfgSection {
    private final String file;
    private final String name;
    private final int line;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    CfgSection(String file, String name, int line) {
        this.file = file;
        this.name = name;
        this.line = line;
    }

    public String name() {
        return name;
    }

    public int line() {
        return line;
    }

    /** Darknet reads the first occurrence of a key; later duplicates are ignored, as there. */
    void put(String key, String value, int atLine) {
        if (!values.containsKey(key)) {
            values.put(key, value);
            lines.put(key, atLine);
        }
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** "FILE:LINE: [section] message" for the key's line (the section's line when the key is absent). */
    public CfgException error(String key, String message) {
        int at = key != null && lines.containsKey(key) ? lines.get(key) : line;
        return new CfgException(file + ":" + at + ": [" + name + "] " + message);
    }

    public String string(String key, String fallback) {
        String v = values.get(key);
        return v == null ? fallback : v;
    }

    public int integer(String key, int fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw error(key, key + "=" + v + " is not an integer");
        }
    }

    public float number(String key, float fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw error(key, key + "=" + v + " is not a number");
        }
    }

    /** Comma-separated integers ("layers = -1, 61"). */
    public int[] integers(String key) {
        String v = values.get(key);
        if (v == null) throw error(null, "needs " + key + "=");
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw error(key, key + "=" + v + " is not a list of integers");
            }
        }
        return out;
    }

    public boolean flag(String key) {
        return integer(key, 0) != 0;
    }

    /** Fails on the first key (in file order) that is not in {@code allowed}. */
    public void rejectUnknown(Set<String> allowed) {
        for (String k : values.keySet()) {
            if (!allowed.contains(k.toLowerCase(Locale.ROOT))) throw error(k, "unknown or unsupported key '" + k + "'");
        }
    }
}
