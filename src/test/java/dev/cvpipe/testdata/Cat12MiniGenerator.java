package dev.cvpipe.testdata;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes {@code test-data/cat12-mini}: a small, learnable 12-class set laid out like the cat-12
 * competition data (cat_12_train/*.jpg, train_list.txt with TAB, cat_12_test/*.jpg) so the
 * train/predict/eval tests and the demo pipeline can run on it in seconds.
 *
 * <p>Class = shape (disc, ring, checkered square, X) x colour (red, green, blue); position, size,
 * background and colour jitter vary per image. A few files are in odd modes on purpose (a PNG
 * named .jpg, a grayscale JPEG, a palette PNG) so the decoder's to-RGB step has work.
 *
 * <p>Run: {@code java -cp target/test-classes dev.cvpipe.testdata.Cat12MiniGenerator test-data/cat12-mini}.
 * Deterministic: the same bytes on every run (fixed seed, fixed JPEG quality).
 */
public final class Cat12MiniGenerator {
    static final int SIZE = 64;
    static final int CLASSES = 12;
    static final int TRAIN_PER_CLASS = 20;
    static final int TEST_PER_CLASS = 2;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Color[] COLOURS = {new Color(220, 40, 40), new Color(40, 190, 60), new Color(50, 70, 230)};

    private Cat12MiniGenerator() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "test-data/cat12-mini");
        generate(out);
    }

    public static void generate(Path out) throws IOException {
        Random rnd = new Random(12);
        Path train = Files.createDirectories(out.resolve("cat_12_train"));
        Path test = Files.createDirectories(out.resolve("cat_12_test"));
        StringBuilder list = new StringBuilder();
        StringBuilder truth = new StringBuilder();
        List<String> trainLines = new ArrayList<>();
        for (int i = 0; i < TRAIN_PER_CLASS; i++) {
            for (int c = 0; c < CLASSES; c++) {
                String name = randomName(rnd) + ".jpg";
                BufferedImage img = draw(c, rnd);
                // Odd modes on fixed slots: class 1's first image a PNG named .jpg, class 4's a
                // palette PNG, class 7's a grayscale JPEG (its colour is lost: a hard example).
                int slot = i == 0 ? c : -1;
                switch (slot) {
                    case 1 -> writePng(img, train.resolve(name));
                    case 4 -> writePng(toPalette(img), train.resolve(name));
                    case 7 -> writeJpeg(toGray(img), train.resolve(name));
                    default -> writeJpeg(img, train.resolve(name));
                }
                trainLines.add("cat_12_train/" + name + "\t" + c + "\n");
            }
        }
        trainLines.forEach(list::append);
        List<String> testNames = new ArrayList<>();
        for (int i = 0; i < TEST_PER_CLASS; i++) {
            for (int c = 0; c < CLASSES; c++) {
                String name = randomName(rnd) + ".jpg";
                BufferedImage img = draw(c, rnd);
                if (i == 0 && c == 10) writePng(toPalette(img), test.resolve(name));
                else writeJpeg(img, test.resolve(name));
                testNames.add(name + "," + c + "\n");
            }
        }
        testNames.sort(null);
        testNames.forEach(truth::append);
        Files.writeString(out.resolve("train_list.txt"), list.toString(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("test_truth.csv"), truth.toString(), StandardCharsets.UTF_8);
    }

    static String randomName(Random rnd) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    /** Class c: shape c / 3, colour c % 3, on a noisy gray background. */
    static BufferedImage draw(int c, Random rnd) {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int bg = 90 + rnd.nextInt(110);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int v = Math.max(0, Math.min(255, bg + rnd.nextInt(21) - 10));
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color base = COLOURS[c % 3];
        g.setColor(new Color(jitter(base.getRed(), rnd), jitter(base.getGreen(), rnd), jitter(base.getBlue(), rnd)));
        int r = 14 + rnd.nextInt(8);
        int cx = SIZE / 2 + rnd.nextInt(13) - 6;
        int cy = SIZE / 2 + rnd.nextInt(13) - 6;
        // Shapes whose local texture differs (so a small CNN with global pooling separates them)
        // and that flips and rot90 map onto themselves: disc, ring, checkered square, X.
        switch (c / 3) {
            case 0 -> g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
            case 1 -> {
                g.setStroke(new BasicStroke(4f));
                g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
            }
            case 2 -> {
                int side = r * 8 / 5, x0 = cx - side / 2, y0 = cy - side / 2;
                for (int y = 0; y < side; y += 4) {
                    for (int x = (y / 4 % 2) * 4; x < side; x += 8) g.fillRect(x0 + x, y0 + y, 4, 4);
                }
            }
            default -> {
                g.setStroke(new BasicStroke(r / 2.5f));
                g.drawLine(cx - r, cy - r, cx + r, cy + r);
                g.drawLine(cx - r, cy + r, cx + r, cy - r);
            }
        }
        g.dispose();
        return img;
    }

    private static int jitter(int v, Random rnd) {
        return Math.max(0, Math.min(255, v + rnd.nextInt(41) - 20));
    }

    private static BufferedImage toGray(BufferedImage src) {
        BufferedImage g = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        g.getGraphics().drawImage(src, 0, 0, null);
        return g;
    }

    /** A 6x6x6 colour cube palette: the index model Pillow calls mode P. */
    private static BufferedImage toPalette(BufferedImage src) {
        byte[] r = new byte[216], gr = new byte[216], b = new byte[216];
        for (int i = 0; i < 216; i++) {
            r[i] = (byte) (i / 36 * 51);
            gr[i] = (byte) (i / 6 % 6 * 51);
            b[i] = (byte) (i % 6 * 51);
        }
        BufferedImage p = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 216, r, gr, b));
        p.getGraphics().drawImage(src, 0, 0, null);
        return p;
    }

    private static void writePng(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
    }

    private static void writeJpeg(BufferedImage img, Path file) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.8f);
        try (OutputStream os = Files.newOutputStream(file); ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }
}
