package dev.cvpipe.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads width, height, mode, ICC profile and EXIF orientation from the first bytes of a file
 * without decoding pixels. Refuses what Pillow refuses at open time (unknown PNG compression,
 * zero sizes, unsupported BMP layouts) so a header-only inspect already names those files.
 */
final class HeaderParser {
    /** The prefix did not reach the end of the header; read more of the file and retry. */
    static final class NeedMore extends RuntimeException {
        NeedMore() {
            super(null, null, false, false);
        }
    }

    private final byte[] b;
    private final int len;
    private final long fileSize;
    private final Header h = new Header();

    private HeaderParser(byte[] b, int len, long fileSize) {
        this.b = b;
        this.len = len;
        this.fileSize = fileSize;
    }

    /** Parses {@code b[0..len)}, the start of a file of {@code fileSize} bytes. */
    static Header parse(byte[] b, int len, long fileSize) throws BadImageException {
        if (fileSize == 0) throw new BadImageException("empty file (0 bytes)");
        ImageFormat f = ImageFormat.sniff(b, len);
        if (f == null) {
            if (len < 12 && len < fileSize) throw new NeedMore();
            throw new BadImageException("not an image (unknown file signature)");
        }
        HeaderParser p = new HeaderParser(b, len, fileSize);
        p.h.format = f;
        try {
            switch (f) {
                case JPEG -> p.jpeg();
                case PNG -> p.png();
                case GIF -> p.gif();
                case BMP -> p.bmp();
                case TIFF -> p.tiff();
                case WEBP -> p.webp();
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            if (len < fileSize) throw new NeedMore();
            throw new BadImageException("truncated: the file ends inside its header");
        } catch (TruncatedHeader e) {
            throw new BadImageException(e.getMessage());
        }
        if (p.h.width <= 0 || p.h.height <= 0) {
            throw new BadImageException("zero or negative size (" + p.h.width + "x" + p.h.height + ")");
        }
        return p.h;
    }

    /** Reading beyond the prefix: more bytes exist (retry) or the file really ends there. */
    private RuntimeException past(int end) {
        if (len < fileSize) return new NeedMore();
        return new TruncatedHeader();
    }

    private static final class TruncatedHeader extends RuntimeException {
        TruncatedHeader() {
            super("truncated: the file ends inside its header", null, false, false);
        }
    }

    private void need(long end) {
        if (end > len) throw past((int) Math.min(end, Integer.MAX_VALUE));
    }

    private int u8(int o) {
        need(o + 1L);
        return b[o] & 0xff;
    }

    private int be16(int o) {
        need(o + 2L);
        return (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
    }

    private int le16(int o) {
        need(o + 2L);
        return (b[o + 1] & 0xff) << 8 | (b[o] & 0xff);
    }

    private int be32(int o) {
        need(o + 4L);
        return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
    }

    private int le32(int o) {
        need(o + 4L);
        return (b[o + 3] & 0xff) << 24 | (b[o + 2] & 0xff) << 16 | (b[o + 1] & 0xff) << 8 | (b[o] & 0xff);
    }

    private String ascii(int o, int n) {
        need((long) o + n);
        return new String(b, o, n, StandardCharsets.ISO_8859_1);
    }

    private byte[] slice(int o, int n) {
        need((long) o + n);
        byte[] out = new byte[n];
        System.arraycopy(b, o, out, 0, n);
        return out;
    }

    // ---------------------------------------------------------------- JPEG

    private void jpeg() throws BadImageException {
        int pos = 2;
        byte[][] iccChunks = null;
        while (true) {
            if (u8(pos) != 0xFF) {
                pos++; // Pillow (and libjpeg) skip junk between segments
                continue;
            }
            int m = u8(pos + 1);
            if (m == 0xFF) {
                pos++;
                continue;
            }
            if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
                pos += 2;
                continue;
            }
            if (m == 0xD9 || m == 0xDA) throw new BadImageException("corrupt JPEG: no frame header before the image data");
            int segLen = be16(pos + 2);
            if (segLen < 2) throw new BadImageException("corrupt JPEG: bad segment length");
            int p = pos + 4;
            int n = segLen - 2;
            if (m == 0xE0 && n >= 5 && "JFIF\0".equals(ascii(p, 5))) h.jfif = true;
            if (m == 0xE1 && n >= 14 && h.orientation == 0 && "Exif\0\0".equals(ascii(p, 6))) {
                need((long) p + n);
                h.orientation = Exif.orientation(b, p + 6, n - 6);
            }
            if (m == 0xE2 && n >= 14 && "ICC_PROFILE\0".equals(ascii(p, 12))) {
                int seq = u8(p + 12), count = u8(p + 13);
                if (count > 0 && seq >= 1 && seq <= count) {
                    if (iccChunks == null || iccChunks.length != count) iccChunks = new byte[count][];
                    iccChunks[seq - 1] = slice(p + 14, n - 14);
                }
            }
            if (m == 0xEE && n >= 12 && "Adobe".equals(ascii(p, 5))) h.adobeTransform = u8(p + 11);
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                h.bits = u8(p);
                h.height = be16(p + 1);
                h.width = be16(p + 3);
                h.components = u8(p + 5);
                h.componentIds = new int[h.components];
                h.jpegSampling = new int[h.components];
                for (int i = 0; i < h.components; i++) {
                    h.componentIds[i] = u8(p + 6 + i * 3);
                    h.jpegSampling[i] = u8(p + 7 + i * 3);
                }
                h.jpegProgressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE;
                h.jpegFrameEnd = p + n;
                h.icc = joinIcc(iccChunks);
                h.mode = switch (h.components) {
                    case 1 -> "L";
                    case 3 -> "RGB";
                    // libjpeg's rule: an Adobe marker with any transform but 0 means YCCK
                    case 4 -> h.adobeTransform > 0 ? "YCCK" : "CMYK";
                    default -> null;
                };
                if (h.mode == null) throw new BadImageException("unsupported JPEG: " + h.components + " colour components");
                if (m == 0xC3 || m == 0xC7 || m == 0xCB || m == 0xCF) throw new BadImageException("unsupported JPEG variant: lossless");
                if (m >= 0xC9) throw new BadImageException("unsupported JPEG variant: arithmetic coding");
                if (m >= 0xC5) throw new BadImageException("unsupported JPEG variant: hierarchical");
                if (h.bits != 8) throw new BadImageException("unsupported JPEG variant: " + h.bits + "-bit samples");
                if (h.height == 0) throw new BadImageException("unsupported JPEG variant: height given after the scan (DNL)");
                return;
            }
            pos = p + n;
        }
    }

    private static byte[] joinIcc(byte[][] chunks) {
        if (chunks == null) return null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            if (c == null) return null; // a missing piece: the profile is unusable, as in Pillow
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- PNG

    private void png() throws BadImageException {
        if (be32(8) != 13 || !"IHDR".equals(ascii(12, 4))) throw new BadImageException("corrupt PNG: first chunk is not IHDR");
        h.width = be32(16);
        h.height = be32(20);
        int depth = u8(24), ct = u8(25);
        h.pngBitDepth = depth;
        h.pngColorType = ct;
        if (u8(26) != 0) throw new BadImageException("corrupt PNG: unknown compression method " + u8(26));
        if (u8(27) != 0 || u8(28) > 1) throw new BadImageException("corrupt PNG: unknown filter or interlace method");
        boolean valid = switch (ct) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
        if (!valid) throw new BadImageException("corrupt PNG: invalid colour type " + ct + " with bit depth " + depth);
        h.bits = depth;
        h.pngInterlaced = u8(28) == 1;
        int pos = 33;
        while (true) {
            int n = be32(pos);
            String type = ascii(pos + 4, 4);
            if (n < 0) throw new BadImageException("corrupt PNG: bad length in " + type + " chunk");
            if (type.equals("IDAT")) break;
            if (type.equals("IEND")) throw new BadImageException("corrupt PNG: no image data (IDAT)");
            int p = pos + 8;
            switch (type) {
                case "PLTE" -> h.palette = slice(p, n);
                case "tRNS" -> h.transparency = slice(p, n);
                case "eXIf" -> {
                    need((long) p + n);
                    h.orientation = Exif.orientation(b, p, n);
                }
                case "iCCP" -> h.icc = iccp(p, n);
                default -> { }
            }
            pos = p + n + 4;
        }
        if (ct == 3 && h.palette == null) throw new BadImageException("corrupt PNG: palette image without PLTE");
        h.mode = switch (ct) {
            case 0 -> depth == 1 ? "1" : depth == 16 ? "I;16" : "L";
            case 2 -> "RGB";
            case 3 -> partialAlpha(h.transparency) ? "PA" : "P";
            case 4 -> depth == 16 ? "I;16A" : "LA";
            default -> "RGBA";
        };
    }

    /** A tRNS with any alpha other than 0 or 255 is real per-entry alpha (PA), not GIF-style keying. */
    private static boolean partialAlpha(byte[] trns) {
        if (trns == null) return false;
        for (byte t : trns) if (t != 0 && t != (byte) 0xFF) return true;
        return false;
    }

    private byte[] iccp(int p, int n) throws BadImageException {
        need((long) p + n);
        int z = p;
        while (z < p + n && b[z] != 0) z++;
        if (z + 2 > p + n) return null;
        try {
            return inflate(b, z + 2, p + n - z - 2, 16 << 20, "ICC profile");
        } catch (BadImageException e) {
            return null; // Pillow ignores a broken iCCP chunk and so do we: the pixels are fine
        }
    }

    /** Inflates a zlib stream, refusing more than {@code limit} bytes (Pillow's text-chunk guard). */
    static byte[] inflate(byte[] src, int off, int n, int limit, String what) throws BadImageException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(src, off, n);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, Math.max(64, n * 4)));
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int k = inf.inflate(buf);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                out.write(buf, 0, k);
                if (out.size() > limit) throw new BadImageException("decompressed " + what + " too large (> " + limit + " bytes)");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new BadImageException("corrupt PNG: bad compressed " + what);
        } finally {
            inf.end();
        }
    }

    // ---------------------------------------------------------------- GIF

    private void gif() throws BadImageException {
        h.width = le16(6);
        h.height = le16(8);
        int flags = u8(10);
        int pos = 13;
        byte[] global = null;
        if ((flags & 0x80) != 0) {
            int size = 3 << ((flags & 7) + 1);
            global = slice(pos, size);
            pos += size;
        }
        h.bits = (flags & 0x80) != 0 ? (flags & 7) + 1 : 8;
        if (h.width == 0 || h.height == 0) throw new BadImageException("zero width or height in the GIF screen descriptor");
        while (true) {
            int block = u8(pos);
            if (block == 0x21) {
                int label = u8(pos + 1);
                int p = pos + 2;
                if (label == 0xF9 && u8(p) >= 4 && (u8(p + 1) & 1) != 0) h.gifTransparentIndex = u8(p + 4);
                while (u8(p) != 0) p += u8(p) + 1;
                pos = p + 1;
            } else if (block == 0x2C) {
                h.frameX = le16(pos + 1);
                h.frameY = le16(pos + 3);
                h.frameWidth = le16(pos + 5);
                h.frameHeight = le16(pos + 7);
                int f = u8(pos + 9);
                h.palette = global;
                h.gifDataOffset = pos + 10;
                h.gifInterlaced = (f & 0x40) != 0;
                if ((f & 0x80) != 0) {
                    h.palette = slice(pos + 10, 3 << ((f & 7) + 1));
                    h.bits = (f & 7) + 1;
                    h.gifDataOffset += 3 << ((f & 7) + 1);
                }
                if (h.frameWidth == 0 || h.frameHeight == 0) throw new BadImageException("zero width or height in the first GIF frame");
                // Pillow grows the canvas to hold a frame that sticks out of the screen.
                h.width = Math.max(h.width, h.frameX + h.frameWidth);
                h.height = Math.max(h.height, h.frameY + h.frameHeight);
                h.mode = "P";
                return;
            } else if (block == 0x3B) {
                throw new BadImageException("corrupt GIF: no image in the file");
            } else {
                throw new BadImageException(String.format(Locale.ROOT, "corrupt GIF: unknown block 0x%02X", block));
            }
        }
    }

    // ---------------------------------------------------------------- BMP

    private void bmp() throws BadImageException {
        int dataOffset = le32(10);
        int hs = le32(14);
        int bpp, compression = 0, colors = 0;
        long rMask = 0, gMask = 0, bMask = 0, aMask = 0;
        if (hs == 12) {
            h.width = le16(18);
            h.height = le16(20);
            bpp = le16(24);
        } else if (hs == 40 || hs == 52 || hs == 56 || hs == 64 || hs == 108 || hs == 124) {
            h.width = le32(18);
            h.height = Math.abs(le32(22));
            bpp = le16(28);
            compression = le32(30);
            colors = le32(46);
            if (compression == 3) {
                int m = hs >= 52 ? 54 : 14 + hs;
                rMask = le32(m) & 0xffffffffL;
                gMask = le32(m + 4) & 0xffffffffL;
                bMask = le32(m + 8) & 0xffffffffL;
                if (hs >= 56) aMask = le32(m + 12) & 0xffffffffL;
            }
        } else {
            throw new BadImageException("unsupported BMP variant: header size " + hs);
        }
        if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
            throw new BadImageException("unsupported BMP variant: " + bpp + " bits per pixel");
        }
        if (compression != 0 && compression != 1 && compression != 2 && compression != 3) {
            throw new BadImageException("unsupported BMP variant: compression " + compression);
        }
        if (bpp <= 8 && colors > (1 << bpp)) throw new BadImageException("unsupported BMP variant: palette of " + colors + " colours for " + bpp + "-bit pixels");
        boolean alpha = false;
        if (compression == 3) {
            alpha = aMask != 0 || (rMask | gMask | bMask) == 0;
            if (!supportedMasks(bpp, rMask, gMask, bMask, aMask)) {
                throw new BadImageException(String.format(Locale.ROOT, "unsupported BMP variant: bit fields %X/%X/%X/%X at %d bits", rMask, gMask, bMask, aMask, bpp));
            }
        }
        h.bits = bpp <= 8 ? bpp : bpp == 16 ? 5 : 8;
        h.mode = bpp <= 8 ? "P" : alpha ? "RGBA" : "RGB";
        if (compression == 0 && h.width > 0 && h.height > 0) {
            long rowBytes = ((long) h.width * bpp + 31) / 32 * 4;
            long need = dataOffset + rowBytes * h.height;
            if (need > fileSize && (long) h.width * h.height <= Integer.MAX_VALUE) {
                throw new BadImageException("truncated: pixel data needs " + need + " bytes, the file has " + fileSize);
            }
        }
    }

    /** The bit-field layouts Pillow decodes; others it refuses and so do we. */
    private static boolean supportedMasks(int bpp, long r, long g, long b, long a) {
        if (bpp == 32) {
            long[][] ok = {
                {0xFF0000, 0xFF00, 0xFF, 0}, {0xFF000000L, 0xFF0000, 0xFF00, 0}, {0xFF000000L, 0xFF00, 0xFF, 0},
                {0xFF000000L, 0xFF0000, 0xFF00, 0xFF}, {0xFF, 0xFF00, 0xFF0000, 0xFF000000L},
                {0xFF0000, 0xFF00, 0xFF, 0xFF000000L}, {0xFF000000L, 0xFF00, 0xFF, 0xFF0000}, {0, 0, 0, 0},
            };
            for (long[] m : ok) if (m[0] == r && m[1] == g && m[2] == b && m[3] == a) return true;
            return false;
        }
        if (bpp == 24) return r == 0xFF0000 && g == 0xFF00 && b == 0xFF;
        if (bpp == 16) return (r == 0xF800 && g == 0x7E0 && b == 0x1F) || (r == 0x7C00 && g == 0x3E0 && b == 0x1F);
        return false;
    }

    // ---------------------------------------------------------------- TIFF

    private void tiff() throws BadImageException {
        boolean le = b[0] == 'I';
        int ifd = le ? le32(4) : be32(4);
        int n = le ? le16(ifd) : be16(ifd);
        int photometric = -1, spp = 1, bits = 1, extra = 0;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            int tag = le ? le16(e) : be16(e);
            int type = le ? le16(e + 2) : be16(e + 2);
            int count = le ? le32(e + 4) : be32(e + 4);
            int value = type == 3 ? (le ? le16(e + 8) : be16(e + 8)) : (le ? le32(e + 8) : be32(e + 8));
            switch (tag) {
                case 256 -> h.width = value;
                case 257 -> h.height = value;
                case 258 -> {
                    if (count == 1) bits = value;
                    else {
                        int off = le ? le32(e + 8) : be32(e + 8);
                        bits = count <= 2 ? value : (le ? le16(off) : be16(off));
                    }
                }
                case 262 -> photometric = value;
                case 277 -> spp = value;
                case 338 -> extra = count;
                case 274 -> h.orientation = value >= 1 && value <= 8 ? value : 0;
                case 34675 -> {
                    int off = le ? le32(e + 8) : be32(e + 8);
                    if (count > 0 && count < (64 << 20)) h.icc = slice(off, count);
                }
                default -> { }
            }
        }
        h.bits = bits;
        h.mode = switch (photometric) {
            case 0, 1 -> bits == 1 ? "1" : bits == 16 ? (spp > 1 ? "I;16A" : "I;16") : spp > 1 ? "LA" : "L";
            case 2, 6 -> spp >= 4 || extra > 0 && spp > 3 ? "RGBA" : "RGB";
            case 3 -> "P";
            case 5 -> "CMYK";
            default -> null;
        };
        if (h.mode == null) throw new BadImageException("unsupported TIFF variant: photometric interpretation " + photometric);
    }

    // ---------------------------------------------------------------- WebP

    private void webp() throws BadImageException {
        int pos = 12;
        boolean alpha = false;
        while (true) {
            String type = ascii(pos, 4);
            int n = le32(pos + 4);
            int p = pos + 8;
            switch (type) {
                case "VP8X" -> {
                    alpha = (u8(p) & 0x10) != 0;
                    h.width = 1 + (u8(p + 4) | u8(p + 5) << 8 | u8(p + 6) << 16);
                    h.height = 1 + (u8(p + 7) | u8(p + 8) << 8 | u8(p + 9) << 16);
                }
                case "ICCP" -> h.icc = slice(p, n);
                case "EXIF" -> {
                    need((long) p + n);
                    int skip = n > 6 && "Exif\0\0".equals(ascii(p, 6)) ? 6 : 0;
                    h.orientation = Exif.orientation(b, p + skip, n - skip);
                }
                case "VP8 " -> {
                    if (h.width == 0) {
                        h.width = le16(p + 6) & 0x3fff;
                        h.height = le16(p + 8) & 0x3fff;
                    }
                    h.mode = alpha ? "RGBA" : "RGB";
                    h.bits = 8;
                    return;
                }
                case "VP8L" -> {
                    if (h.width == 0) {
                        int v = le32(p + 1);
                        h.width = (v & 0x3fff) + 1;
                        h.height = ((v >>> 14) & 0x3fff) + 1;
                        alpha = ((v >>> 28) & 1) != 0;
                    }
                    h.mode = alpha ? "RGBA" : "RGB";
                    h.bits = 8;
                    return;
                }
                case "ANIM", "ANMF" -> {
                    if (type.equals("ANMF")) throw new BadImageException("unsupported WebP variant: animation");
                }
                default -> { }
            }
            pos = p + n + (n & 1);
        }
    }
}
