package dev.cvpipe.image;

import java.nio.charset.StandardCharsets;

/** Reads the human-readable name and the colour space out of an ICC profile's bytes. */
public final class IccProfiles {
    private IccProfiles() {}

    /** The profile's description ('desc' tag, v2 text or v4 multi-localised), or "unnamed". */
    public static String description(byte[] p) {
        try {
            if (p == null || p.length < 132) return "unnamed";
            int count = be32(p, 128);
            for (int i = 0; i < count && 132 + i * 12 + 12 <= p.length; i++) {
                int t = 132 + i * 12;
                if (!"desc".equals(ascii(p, t, 4))) continue;
                int off = be32(p, t + 4);
                String type = ascii(p, off, 4);
                if ("desc".equals(type)) {
                    int n = be32(p, off + 8);
                    return clean(new String(p, off + 12, Math.max(0, Math.min(n, p.length - off - 12)), StandardCharsets.ISO_8859_1));
                }
                if ("mluc".equals(type)) {
                    int len = be32(p, off + 20);
                    int at = off + be32(p, off + 24);
                    return clean(new String(p, at, Math.max(0, Math.min(len, p.length - at)), StandardCharsets.UTF_16BE));
                }
            }
        } catch (RuntimeException e) {
            // A malformed tag table only costs us the name, never the image.
        }
        return "unnamed";
    }

    /** The data colour space signature, e.g. "RGB", "CMYK", "GRAY"; empty if unreadable. */
    public static String colorSpace(byte[] p) {
        return p == null || p.length < 20 ? "" : ascii(p, 16, 4).trim();
    }

    private static String clean(String s) {
        String t = s.replace("\0", "").trim();
        return t.isEmpty() ? "unnamed" : t;
    }

    private static String ascii(byte[] p, int off, int n) {
        return new String(p, off, n, StandardCharsets.ISO_8859_1);
    }

    private static int be32(byte[] p, int o) {
        return (p[o] & 0xff) << 24 | (p[o + 1] & 0xff) << 16 | (p[o + 2] & 0xff) << 8 | (p[o + 3] & 0xff);
    }
}
