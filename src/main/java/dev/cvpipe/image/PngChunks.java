package dev.cvpipe.image;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Walks every chunk of a PNG the way Pillow does while loading: checksums of the metadata chunks,
 * a closing IEND, compressed text within Pillow's 1 MB limit, APNG frame data only after a frame
 * header. The JDK decoder checks none of these, so without this walk broken files would "convert".
 */
final class PngChunks {
    /** Pillow's ImageFile.SAFEBLOCK / PngImagePlugin.MAX_TEXT_CHUNK. */
    static final int MAX_TEXT_CHUNK = 1 << 20;

    private PngChunks() {}

    static void validate(byte[] d) throws BadImageException {
        int pos = 8;
        boolean sawFrameControl = false;
        boolean sawIdat = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (pos + 8 > d.length) throw new BadImageException("truncated: PNG ends before its IEND chunk");
            long n = be32(d, pos) & 0xffffffffL;
            String type = new String(d, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (!type.chars().allMatch(Character::isLetter)) throw new BadImageException("corrupt PNG: no valid chunk at byte " + pos);
            if (pos + 12 + n > d.length) throw new BadImageException("truncated: PNG ends inside its " + type + " chunk");
            int p = pos + 8;
            int len = (int) n;
            boolean pixelData = type.equals("IDAT") || type.equals("fdAT");
            if (!pixelData) {
                crc.reset();
                crc.update(d, pos + 4, len + 4);
                if ((int) crc.getValue() != be32(d, p + len)) throw new BadImageException("corrupt PNG: bad checksum in " + type + " chunk");
            }
            switch (type) {
                case "IDAT" -> sawIdat = true;
                case "fcTL" -> sawFrameControl = true;
                case "fdAT" -> {
                    if (!sawFrameControl) throw new BadImageException("corrupt APNG: frame data before any frame control chunk");
                }
                case "zTXt" -> text(d, p, len, 1);
                case "iTXt" -> {
                    int z = zero(d, p, len);
                    if (z >= 0 && z + 2 < p + len && d[z + 1] == 1) {
                        int lang = zero(d, z + 3, p + len - z - 3);
                        int key = lang < 0 ? -1 : zero(d, lang + 1, p + len - lang - 1);
                        if (key >= 0) HeaderParser.inflate(d, key + 1, p + len - key - 1, MAX_TEXT_CHUNK, "text chunk");
                    }
                }
                case "IEND" -> {
                    if (!sawIdat) throw new BadImageException("corrupt PNG: no image data (IDAT)");
                    return;
                }
                default -> { }
            }
            pos = p + len + 4;
        }
    }

    private static void text(byte[] d, int p, int len, int skipAfterKeyword) throws BadImageException {
        int z = zero(d, p, len);
        if (z < 0 || z + 1 + skipAfterKeyword > p + len) return;
        HeaderParser.inflate(d, z + 1 + skipAfterKeyword, p + len - z - 1 - skipAfterKeyword, MAX_TEXT_CHUNK, "text chunk");
    }

    /** The position of the first NUL in d[from, from + n), or -1. */
    static int zero(byte[] d, int from, int n) {
        for (int i = from; i < from + n && i < d.length; i++) if (d[i] == 0) return i;
        return -1;
    }

    static int be32(byte[] b, int o) {
        return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
    }
}
