package dev.cvpipe.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes {@link RgbImage}s: JPEG through libjpeg-turbo ({@link TurboJpeg}, else the JDK's libjpeg), PNG and BMP by hand, TIFF through ImageIO. */
public final class ImageEncoder {
    static final int PNG_LEVEL = 1;

    private ImageEncoder() {}

    public static void write(RgbImage img, ImageFormat format, int jpegQuality, OutputStream out) throws IOException {
        write(img, format, jpegQuality, null, out);
    }

    /** As above; {@code iccProfile} (RGB profiles only, may be null) is embedded in PNG output as Pillow's save does. */
    public static void write(RgbImage img, ImageFormat format, int jpegQuality, byte[] iccProfile, OutputStream out) throws IOException {
        write(img, format, jpegQuality, iccProfile, null, out);
    }

    /**
     * As above; a non-empty {@code jpegComment} is written into JPEG output as one COM segment after
     * the JFIF header, as Pillow's save writes {@code info["comment"]} (see SourceComment). Only
     * libjpeg-turbo's paths write it (leptonica's writer without a NUL byte in it); the JDK's
     * ImageIO fallback does not.
     */
    public static void write(RgbImage img, ImageFormat format, int jpegQuality, byte[] iccProfile, byte[] jpegComment, OutputStream out)
            throws IOException {
        switch (format) {
            case JPEG -> jpeg(img, jpegQuality, jpegComment, out);
            case PNG -> png(img, iccProfile, out);
            case BMP -> bmp(img, out);
            case TIFF -> imageIo(img, "tiff", out);
            default -> throw new IllegalArgumentException("cannot write " + format);
        }
    }

    /** The RGB bytes seen as a BufferedImage without copying. */
    static BufferedImage asBuffered(RgbImage img) {
        int w = img.width(), h = img.height();
        DataBufferByte buf = new DataBufferByte(img.pixels(), img.pixels().length);
        WritableRaster r = Raster.createInterleavedRaster(buf, w, h, w * 3, 3, new int[] {0, 1, 2}, null);
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(cm, r, false, null);
    }

    private static final ThreadLocal<ImageWriter> JPEG_WRITER = ThreadLocal.withInitial(() -> {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter fallback = null;
        while (it.hasNext()) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.")) return w; // the JDK's libjpeg writer
            if (fallback == null) fallback = w;
        }
        return fallback;
    });

    /** A JPEG quality as every writer here takes it: 1-100, values outside clamped. */
    static int jpegQuality(int quality) {
        return Math.max(1, Math.min(100, quality));
    }

    static void jpeg(RgbImage img, int quality, byte[] comment, OutputStream out) throws IOException {
        int q = jpegQuality(quality);
        byte[] turbo = TurboJpeg.available() ? TurboJpeg.encode(img, q, comment) : null;
        if (turbo != null) {
            out.write(turbo); // Pillow's bytes: same libjpeg-turbo, same defaults (4:2:0, no optimize)
            return;
        }
        ImageWriter w = JPEG_WRITER.get();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(q / 100f);
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(asBuffered(img), null, null), p);
        } finally {
            w.setOutput(null);
        }
    }

    private static void imageIo(RgbImage img, String format, OutputStream out) throws IOException {
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(asBuffered(img), format, ios)) throw new IOException("no " + format + " writer installed");
        }
    }

    /** 8-bit RGB PNG, Paeth-filtered, zlib level {@value #PNG_LEVEL} (Pillow uses 6: ~3x slower for ~15 % smaller files). */
    static void png(RgbImage img, byte[] icc, OutputStream os) throws IOException {
        int w = img.width(), h = img.height(), stride = w * 3;
        DataOutputStream out = pngStart(os, w, h, 2);
        if (icc != null) {
            java.io.ByteArrayOutputStream iccp = new java.io.ByteArrayOutputStream();
            iccp.write("ICC Profile".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            iccp.write(new byte[] {0, 0});
            try (DeflaterOutputStream z = new DeflaterOutputStream(iccp)) {
                z.write(icc);
            }
            chunk(out, "iCCP", iccp.toByteArray(), iccp.size());
        }
        Deflater def = new Deflater(PNG_LEVEL);
        ChunkBuffer idat = new ChunkBuffer(out);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, def, 1 << 16)) {
            byte[] px = img.pixels();
            byte[] line = new byte[stride + 1];
            line[0] = 4; // Paeth on every row: near-best for photos, one pass instead of five
            for (int y = 0; y < h; y++) {
                int row = y * stride;
                if (y == 0) {
                    // Paeth with no row above is Sub
                    for (int i = 0; i < stride; i++) line[i + 1] = (byte) (px[row + i] - (i >= 3 ? px[row + i - 3] : 0));
                } else {
                    int prev = row - stride;
                    for (int i = 0; i < 3; i++) line[i + 1] = (byte) (px[row + i] - px[prev + i]); // left is 0: Up
                    for (int i = 3; i < stride; i++) {
                        int a = px[row + i - 3] & 0xff, b = px[prev + i] & 0xff, c = px[prev + i - 3] & 0xff;
                        int pa = b - c, pb = a - c, pc = pa + pb;
                        pa = pa < 0 ? -pa : pa;
                        pb = pb < 0 ? -pb : pb;
                        pc = pc < 0 ? -pc : pc;
                        int pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                        line[i + 1] = (byte) (px[row + i] - pred);
                    }
                }
                z.write(line);
            }
        } finally {
            def.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        out.flush();
    }

    /**
     * An 8-bit single-channel PNG of a mask: grayscale when {@code paletteRgb} is null, else a
     * palette image (PLTE of {@code paletteRgb.length / 3} colours) whose indices are the values.
     * Rows use the Up filter (masks repeat their rows), zlib level {@value #PNG_LEVEL}.
     */
    public static void writeMaskPng(IndexMask mask, byte[] paletteRgb, OutputStream os) throws IOException {
        int w = mask.width(), h = mask.height();
        DataOutputStream out = pngStart(os, w, h, paletteRgb == null ? 0 : 3);
        if (paletteRgb != null) chunk(out, "PLTE", paletteRgb, paletteRgb.length);
        Deflater def = new Deflater(PNG_LEVEL);
        ChunkBuffer idat = new ChunkBuffer(out);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, def, 1 << 16)) {
            byte[] v = mask.values();
            byte[] line = new byte[w + 1];
            line[0] = 2; // Up
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    line[x + 1] = (byte) (v[y * w + x] - (y == 0 ? 0 : v[(y - 1) * w + x]));
                }
                z.write(line);
            }
        } finally {
            def.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        out.flush();
    }

    /** The PNG signature and an 8-bit IHDR of colour type {@code colorType} (0 gray, 2 RGB, 3 palette). */
    private static DataOutputStream pngStart(OutputStream os, int w, int h, int colorType) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        java.io.ByteArrayOutputStream ihdr = new java.io.ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, (byte) colorType, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray(), ihdr.size());
        return out;
    }

    private static void chunk(DataOutputStream out, String type, byte[] data, int n) throws IOException {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, n);
        out.writeInt(n);
        out.write(t);
        out.write(data, 0, n);
        out.writeInt((int) crc.getValue());
    }

    /** Collects deflated bytes and emits them as IDAT chunks of up to 256 KB. */
    private static final class ChunkBuffer extends OutputStream {
        private final DataOutputStream out;
        private final byte[] buf = new byte[1 << 18];
        private int n;

        ChunkBuffer(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) flushChunk();
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) flushChunk();
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        private void flushChunk() throws IOException {
            if (n > 0) chunk(out, "IDAT", buf, n);
            n = 0;
        }

        @Override
        public void close() throws IOException {
            flushChunk();
        }
    }

    /** 24-bit bottom-up BMP. */
    static void bmp(RgbImage img, OutputStream os) throws IOException {
        int w = img.width(), h = img.height(), rowBytes = (w * 3 + 3) / 4 * 4;
        long size = 54L + (long) rowBytes * h;
        if (size > Integer.MAX_VALUE) throw new IOException("too large for BMP");
        java.nio.ByteBuffer hd = java.nio.ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        hd.put((byte) 'B').put((byte) 'M').putInt((int) size).putInt(0).putInt(54);
        hd.putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) 24).putInt(0).putInt(rowBytes * h)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        os.write(hd.array());
        byte[] row = new byte[rowBytes];
        byte[] px = img.pixels();
        for (int y = h - 1; y >= 0; y--) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                row[x * 3] = px[i + 2];
                row[x * 3 + 1] = px[i + 1];
                row[x * 3 + 2] = px[i];
            }
            os.write(row);
        }
        os.flush();
    }
}
