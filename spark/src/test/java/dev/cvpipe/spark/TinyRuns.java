package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Run folders trained for one epoch at 32x32 through the CLI in a test's set-up: real models in seconds. */
final class TinyRuns {
    static final Path MODES = Path.of("../test-data/images/modes");
    static final Path SEG_SHAPES = Path.of("../test-data/seg-shapes");

    private TinyRuns() {}

    /** cnn-small on 3 classes of flat-coloured squares (reddish, greenish, bluish). */
    static Path classifier(Path dir) throws IOException {
        Path split = dir.resolve("split");
        StringBuilder train = new StringBuilder(), val = new StringBuilder();
        int[] colours = {0xC00000, 0x00C000, 0x0000C0};
        for (int c = 0; c < colours.length; c++) {
            Files.createDirectories(split.resolve("c" + c));
            for (int i = 0; i < 4; i++) {
                String name = "c" + c + "/" + i + ".png";
                ImageIO.write(square(20, colours[c] + i * 0x080808), "png", split.resolve(name).toFile());
                (i == 0 ? val : train).append(name).append(' ').append(c).append('\n');
            }
        }
        Files.writeString(split.resolve("labels.txt"), "c0\nc1\nc2\n");
        Files.writeString(split.resolve("train_list.txt"), train);
        Files.writeString(split.resolve("val_list.txt"), val);
        Path run = dir.resolve("cnn");
        Run r = Run.cli("train", "--data", split.toString(), "--model", "cnn-small", "--input", "32", "--epochs", "1",
                "--batch", "4", "--seed", "0", "--threads", "1", "-o", run.toString());
        assertEquals(0, r.exit(), r.err());
        return run;
    }

    /** unet-small, binary, on test-data/seg-shapes. */
    static Path segmenter(Path dir) {
        Path run = dir.resolve("unet");
        Run r = Run.cli("seg", "train", "--data", SEG_SHAPES.toString(), "--model", "unet-small", "--classes", "1", "--input", "32",
                "--epochs", "1", "--batch", "8", "--seed", "0", "--threads", "1", "-o", run.toString());
        assertEquals(0, r.exit(), r.err());
        return run;
    }

    static BufferedImage square(int size, int rgb) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.setRGB(x, y, rgb ^ ((x * y) & 0x0f));
        return img;
    }

    /** A zero-byte and a truncated JPEG, the two files Spark's own sources lose or mangle. */
    static void addBadImages(Path dir) throws IOException {
        Files.copy(MODES.resolve("zero.jpg"), dir.resolve("zero.jpg"));
        Files.copy(MODES.resolve("truncated.jpg"), dir.resolve("truncated.jpg"));
    }

    /** {@code p} relative to the working folder: executors must not resolve it against their own. */
    static String relative(Path p) {
        return Path.of("").toAbsolutePath().relativize(p.toAbsolutePath()).toString();
    }
}
