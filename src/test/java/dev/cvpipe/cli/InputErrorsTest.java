package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvpipe.model.detect.KnownBoxesNet;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that Java's readers describe without naming them ("Is a directory", "Input length = 1"). */
class InputErrorsTest {
    @TempDir
    Path dir;

    private static void fails(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(ExitCode.FAILURE, r.exit(), r.err());
        assertEquals("cvpipe: error: " + expected, r.err().strip());
    }

    @Test
    void aFolderWhereAFileIsExpectedIsNamed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("x.cfg"));
        Path truth = Files.writeString(dir.resolve("truth.csv"), "a.jpg,0\n");
        fails(folder + ": is a folder, not a file", "eval", "--pred", folder.toString(), "--truth", truth.toString());
        fails(folder + ": is a folder, not a file", "model", "summary", folder.toString());

        Path cfg = KnownBoxesNet.cfg(dir);
        Path img = dir.resolve("a.png");
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", img.toFile());
        fails(folder + ": is a folder, not a file", "detect", "--cfg", cfg.toString(), "--random-weights",
                "--names", folder.toString(), "-o", dir.resolve("d.csv").toString(), img.toString());
        fails(folder + ": is a folder, not a file", "model", "export", cfg.toString(), "--weights", folder.toString(),
                "-o", dir.resolve("saved").toString());
    }

    @Test
    void textThatIsNotUtf8IsNamedWithItsLine() throws Exception {
        Path pred = Files.write(dir.resolve("pred.csv"), new byte[] {'a', '.', 'j', 'p', 'g', ',', '0', '\n', 'b', (byte) 0xB2, '.', 'j', 'p', 'g', ',', '1', '\n'});
        Path truth = Files.writeString(dir.resolve("truth.csv"), "a.jpg,0\n");
        fails(pred + ":2: not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8)", "eval", "--pred", pred.toString(), "--truth", truth.toString());
    }
}
