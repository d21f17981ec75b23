package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.ImageInspector;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of {@code to-rgb --in-place}: every file must be either its original bytes
 * or a complete RGB image with the palette's colours; a re-run finishes and leaves no temp files.
 */
class ToRgbKillTest {
    static final int FILES = 200, W = 256, H = 192;

    @TempDir
    Path dir;

    @Test
    void killedRunLeavesOriginalsOrFinishedFilesAndReRunCompletes() throws Exception {
        Random rnd = new Random(42);
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        rnd.nextBytes(r);
        rnd.nextBytes(g);
        rnd.nextBytes(b);
        IndexColorModel icm = new IndexColorModel(8, 256, r, g, b);
        List<byte[]> originals = new ArrayList<>();
        List<byte[]> indices = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, icm);
            byte[] idx = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int k = 0; k < idx.length; k++) idx[k] = (byte) ((k / 7 + i * 31 + rnd.nextInt(4)) & 0xff);
            File f = dir.resolve(String.format("img_%03d.png", i)).toFile();
            ImageIO.write(img, "png", f);
            originals.add(Files.readAllBytes(f.toPath()));
            indices.add(idx.clone());
        }

        Process p = cvpipe("to-rgb", "--in-place", dir.toString(), "--jobs", "2", "-q");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (converted(originals) < 15 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(p.isAlive(), "the run ended before it could be killed; make the test data larger");
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        p.waitFor();

        int done = 0;
        for (int i = 0; i < FILES; i++) {
            Path f = dir.resolve(String.format("img_%03d.png", i));
            byte[] now = Files.readAllBytes(f);
            if (java.util.Arrays.equals(now, originals.get(i))) continue;
            assertPaletteColours(ImageDecoder.readRgb(f), indices.get(i), r, g, b, f);
            done++;
        }
        assertTrue(done >= 15 && done < FILES, "converted before the kill: " + done);

        Process again = cvpipe("to-rgb", "--in-place", dir.toString(), "--jobs", "2", "-q");
        assertTrue(again.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), new String(again.getErrorStream().readAllBytes()));
        for (int i = 0; i < FILES; i++) {
            Path f = dir.resolve(String.format("img_%03d.png", i));
            assertEquals("RGB", ImageInspector.inspect(f, false).mode(), f.toString());
            assertPaletteColours(ImageDecoder.readRgb(f), indices.get(i), r, g, b, f);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(AtomicFile::isTemp).toList(), "temp files left behind");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(FILES, s.count());
        }
    }

    private int converted(List<byte[]> originals) throws Exception {
        int n = 0;
        for (int i = 0; i < FILES; i++) {
            Path f = dir.resolve(String.format("img_%03d.png", i));
            if (Files.exists(f) && Files.size(f) != originals.get(i).length) n++;
        }
        return n;
    }

    /** Expected RGB straight from the palette that generated the file. */
    private static void assertPaletteColours(RgbImage img, byte[] idx, byte[] r, byte[] g, byte[] b, Path f) {
        assertEquals(W, img.width(), f.toString());
        byte[] want = new byte[W * H * 3];
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k] & 0xff;
            want[k * 3] = r[i];
            want[k * 3 + 1] = g[i];
            want[k * 3 + 2] = b[i];
        }
        assertArrayEquals(want, img.pixels(), f.toString());
    }

    private static Process cvpipe(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", "dev.cvpipe.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
