package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import dev.cvpipe.model.detect.KnownBoxesNet;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {
    @Test
    void writesOneRowPerBoxAndReportsBadImages(@TempDir Path dir) throws Exception {
        Path cfg = KnownBoxesNet.cfg(dir);
        Path weights = KnownBoxesNet.weights(dir);
        Path names = dir.resolve("t.names");
        Files.writeString(names, "cat\ndog\n");
        Path images = Files.createDirectories(dir.resolve("images"));
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
        Files.writeString(images.resolve("b.jpg"), "not a jpeg");
        Path out = dir.resolve("det.csv");
        CliRun r = CliRun.of("detect", "--cfg", cfg.toString(), "--weights", weights.toString(), "--names", names.toString(),
                "--images", images.toString(), "-o", out.toString(), "--draw", dir.resolve("drawn").toString());
        assertEquals(ExitCode.BAD_INPUTS, r.exit(), r.err());
        assertTrue(r.err().contains("b.jpg: "), r.err());
        String a = images.resolve("a.png").toString();
        assertEquals("file,class_id,class_name,score,x1,y1,x2,y2\n"
                + a + ",0,cat,0.5,0.0,0.0,16.0,16.0\n"
                + a + ",0,cat,0.5,16.0,0.0,32.0,16.0\n"
                + a + ",0,cat,0.5,0.0,16.0,16.0,32.0\n"
                + a + ",0,cat,0.5,16.0,16.0,32.0,32.0\n", Files.readString(out));
        BufferedImage drawn = ImageIO.read(dir.resolve("drawn/a.png.png").toFile());
        assertEquals(32, drawn.getWidth());
        assertTrue((drawn.getRGB(31, 31) & 0xffffff) != 0, "the box edge is drawn over the black image");
        assertEquals(ExitCode.USAGE, CliRun.of("detect", "--cfg", cfg.toString(), "-o", out.toString(), a).exit(), "no weights");
    }

    @Test
    void inputSizesThatAreNotMultiplesOf32OrOverflowAreUsageErrors(@TempDir Path dir) throws Exception {
        Path cfg = KnownBoxesNet.cfg(dir);
        Path img = dir.resolve("a.png");
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", img.toFile());
        String out = dir.resolve("d.csv").toString();
        CliRun odd = CliRun.of("detect", "--cfg", cfg.toString(), "--random-weights", "--input", "7x7", "-o", out, img.toString());
        assertEquals(ExitCode.USAGE, odd.exit(), odd.err());
        assertTrue(odd.err().contains("cvpipe: --input must be multiples of 32 (e.g. 416x416), got '7x7'"), odd.err());
        // 3 x 64000 x 64000 wrapped to -596901888 (NegativeArraySizeException) before; now the [net] line is named
        CliRun huge = CliRun.of("detect", "--cfg", cfg.toString(), "--random-weights", "--input", "64000x64000", "-o", out, img.toString());
        assertEquals(ExitCode.USAGE, huge.exit(), huge.err());
        assertTrue(huge.err().contains("cvpipe: " + cfg + ":1: [net] input 3×64000×64000 is more than 2147483647 values per image"), huge.err());
        assertTrue(Files.notExists(dir.resolve("d.csv")));
    }

    /** Weights that cannot be loaded once the Session exists: exit 1, not a hang (Graph.close with a Session open). */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    void weightsThatDoNotFitFailInsteadOfHanging(@TempDir Path dir) throws Exception {
        Path cfg = KnownBoxesNet.cfg(dir);
        Path weights = dir.resolve("random.weights");
        byte[] junk = new byte[1000];
        new java.util.Random(7).nextBytes(junk);
        Files.write(weights, junk);
        Path images = Files.createDirectories(dir.resolve("images"));
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
        CliRun r = CliRun.of("detect", "--cfg", cfg.toString(), "--weights", weights.toString(), "--images", images.toString(),
                "-o", dir.resolve("det.csv").toString());
        assertEquals(ExitCode.FAILURE, r.exit(), r.err());
        assertTrue(r.err().contains("random.weights"), r.err());
    }
}
