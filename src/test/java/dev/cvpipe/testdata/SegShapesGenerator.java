package dev.cvpipe.testdata;

import dev.cvpipe.image.ImageEncoder;
import dev.cvpipe.image.IndexMask;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes {@code test-data/seg-shapes}: a tiny binary segmentation set laid out as seed 003's
 * {@code dataset/build/{train,val,test}/{images,labels}}. Each 64×64 JPEG shows one bright shape
 * (disc, square or triangle, random colour, size and place) on a noisy dark background; its
 * label is a gray PNG of the same name (extension .png) holding 255 on the shape, 0 elsewhere.
 * The shape is drawn without antialiasing in both, so image and mask agree pixel for pixel.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes dev.cvpipe.testdata.SegShapesGenerator test-data/seg-shapes}.
 * Deterministic (fixed seed, fixed JPEG quality).
 */
public final class SegShapesGenerator {
    static final int SIZE = 64;

    private SegShapesGenerator() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "test-data/seg-shapes");
        Random r = new Random(20261125L);
        write(root.resolve("train"), "tr", 24, r);
        write(root.resolve("val"), "va", 8, r);
        write(root.resolve("test"), "te", 8, r);
    }

    static void write(Path split, String prefix, int n, Random r) throws IOException {
        Files.createDirectories(split.resolve("images"));
        Files.createDirectories(split.resolve("labels"));
        for (int i = 0; i < n; i++) {
            String name = String.format("%s_%03d", prefix, i);
            BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
            BufferedImage mask = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
            int bg = 30 + r.nextInt(60);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int v = clamp(bg + (int) Math.round(r.nextGaussian() * 18));
                    img.setRGB(x, y, new Color(v, clamp(v + r.nextInt(11) - 5), clamp(v + r.nextInt(11) - 5)).getRGB());
                }
            }
            Color fg = Color.getHSBColor(r.nextFloat(), 0.3f + 0.5f * r.nextFloat(), 0.8f + 0.2f * r.nextFloat());
            int size = 10 + r.nextInt(12);
            int cx = size + r.nextInt(SIZE - 2 * size), cy = size + r.nextInt(SIZE - 2 * size);
            int kind = r.nextInt(3);
            Graphics2D gi = img.createGraphics(), gm = mask.createGraphics();
            for (Graphics2D g : new Graphics2D[] {gi, gm}) {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
                g.setColor(g == gi ? fg : Color.WHITE);
                switch (kind) {
                    case 0 -> g.fillOval(cx - size, cy - size, 2 * size, 2 * size);
                    case 1 -> g.fillRect(cx - size * 3 / 4, cy - size * 3 / 4, size * 3 / 2, size * 3 / 2);
                    default -> g.fillPolygon(new Polygon(new int[] {cx, cx - size, cx + size}, new int[] {cy - size, cy + size, cy + size}, 3));
                }
                g.dispose();
            }
            // Noise on the shape too, so colour alone is not a flat plateau.
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    if ((mask.getRaster().getSample(x, y, 0)) == 0) continue;
                    Color c = new Color(img.getRGB(x, y));
                    int d = (int) Math.round(r.nextGaussian() * 10);
                    img.setRGB(x, y, new Color(clamp(c.getRed() + d), clamp(c.getGreen() + d), clamp(c.getBlue() + d)).getRGB());
                }
            }
            jpeg(img, split.resolve("images").resolve(name + ".jpg"));
            byte[] values = new byte[SIZE * SIZE];
            mask.getRaster().getDataElements(0, 0, SIZE, SIZE, values);
            try (OutputStream os = Files.newOutputStream(split.resolve("labels").resolve(name + ".png"))) {
                ImageEncoder.writeMaskPng(new IndexMask(SIZE, SIZE, values), null, os);
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static void jpeg(BufferedImage img, Path file) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        try (OutputStream os = Files.newOutputStream(file); ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }
}
