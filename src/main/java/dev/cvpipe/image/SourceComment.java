package dev.cvpipe.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The comment Pillow 9.4's JPEG {@code save} writes (one COM segment after the JFIF header) when it
 * saves an image opened from another file: {@code info["comment"]} as its loaders fill it. PNG: the
 * last text chunk keyed exactly {@code comment} (tEXt and zTXt as Latin-1, iTXt as UTF-8, zTXt and
 * iTXt inflated; an iTXt that is not valid UTF-8 is skipped), written as UTF-8. GIF: the comment
 * extensions before the first image, joined with a newline. JPEG: the last COM segment before the
 * first scan, as it is. Empty means none, as in Pillow. Files must have passed their checks
 * ({@link PngChunks#validate} for PNG, the header parser for GIF and JPEG).
 */
final class SourceComment {
    private SourceComment() {}

    /** The COM bytes Pillow writes for {@code data}, or null for none. */
    static byte[] of(byte[] data, Header h) throws BadImageException {
        byte[] c = switch (h.format) {
            case PNG -> png(data);
            case GIF -> gif(data);
            case JPEG -> jpeg(data);
            default -> null;
        };
        return c == null || c.length == 0 ? null : c;
    }

    private static byte[] png(byte[] d) throws BadImageException {
        byte[] comment = null;
        int pos = 8;
        while (pos + 12 <= d.length) {
            int n = PngChunks.be32(d, pos);
            if (n < 0 || pos + 12L + n > d.length) break;
            String type = new String(d, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int p = pos + 8;
            int key = PngChunks.zero(d, p, n);
            boolean isComment = (key == p + 7 || (key < 0 && n == 7)) && n >= 7
                    && new String(d, p, 7, StandardCharsets.ISO_8859_1).equals("comment");
            if (isComment && key < 0) {
                // "comment" with no NUL: Pillow takes the whole chunk as the keyword and "" as the text
                if (type.equals("tEXt") || type.equals("zTXt")) comment = new byte[0];
            } else if (isComment) {
                int end = p + n;
                switch (type) {
                    case "tEXt" -> comment = latin1ToUtf8(d, key + 1, end - key - 1);
                    case "zTXt" -> {
                        // compression method 0 only (validate refused others); a stream zlib rejects gives ""
                        byte[] v = key + 2 <= end ? inflated(d, key + 2, end - key - 2) : new byte[0];
                        comment = latin1ToUtf8(v, 0, v.length);
                    }
                    case "iTXt" -> {
                        byte[] v = itxt(d, key + 1, end);
                        if (v != null) comment = v;
                    }
                    default -> { }
                }
            }
            if (type.equals("IEND")) break;
            pos = p + n + 4;
        }
        return comment;
    }

    /** An iTXt's text after its keyword (flag, method, language, translated keyword), or null where Pillow skips it. */
    private static byte[] itxt(byte[] d, int p, int end) throws BadImageException {
        if (end - p < 2) return null;
        int flag = d[p] & 0xff, method = d[p + 1] & 0xff;
        int lang = PngChunks.zero(d, p + 2, end - p - 2);
        int tk = lang < 0 ? -1 : PngChunks.zero(d, lang + 1, end - lang - 1);
        if (tk < 0) return null;
        byte[] v;
        if (flag != 0) {
            if (method != 0) return null;
            try {
                v = HeaderParser.inflate(d, tk + 1, end - tk - 1, PngChunks.MAX_TEXT_CHUNK, "text chunk");
            } catch (BadImageException e) {
                return null;
            }
        } else {
            v = java.util.Arrays.copyOfRange(d, tk + 1, end);
        }
        if (!utf8(d, p + 2, lang - p - 2) || !utf8(d, lang + 1, tk - lang - 1) || !utf8(v, 0, v.length)) return null;
        return v;
    }

    private static byte[] inflated(byte[] d, int off, int n) {
        try {
            return HeaderParser.inflate(d, off, n, PngChunks.MAX_TEXT_CHUNK, "text chunk");
        } catch (BadImageException e) {
            return new byte[0];
        }
    }

    private static boolean utf8(byte[] b, int off, int n) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b, off, n));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] latin1ToUtf8(byte[] b, int off, int n) {
        return new String(b, off, n, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gif(byte[] d) {
        ByteArrayOutputStream all = null;
        int pos = 13;
        int flags = d[10] & 0xff;
        if ((flags & 0x80) != 0) pos += 3 << ((flags & 7) + 1);
        while (pos + 1 < d.length && (d[pos] & 0xff) == 0x21) {
            boolean comment = (d[pos + 1] & 0xff) == 0xFE;
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            int p = pos + 2;
            while (p < d.length && d[p] != 0) {
                int n = d[p] & 0xff;
                if (comment) one.write(d, p + 1, Math.min(n, d.length - p - 1));
                p += n + 1;
            }
            if (comment) {
                if (all == null) {
                    all = one;
                } else {
                    all.write('\n');
                    all.writeBytes(one.toByteArray());
                }
            }
            pos = p + 1;
        }
        return all == null ? null : all.toByteArray();
    }

    private static byte[] jpeg(byte[] d) {
        byte[] comment = null;
        int p = 2;
        while (p + 4 <= d.length) {
            while (p < d.length && (d[p] & 0xff) != 0xFF) p++; // Pillow skips junk between segments
            while (p < d.length && (d[p] & 0xff) == 0xFF) p++;
            if (p + 3 > d.length) break;
            int m = d[p++] & 0xff;
            if (m == 0xDA || m == 0xD9) break;
            if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) continue;
            int len = (d[p] & 0xff) << 8 | (d[p + 1] & 0xff);
            if (len < 2 || p + len > d.length) break;
            if (m == 0xFE) comment = java.util.Arrays.copyOfRange(d, p + 2, p + len);
            p += len;
        }
        return comment;
    }
}
