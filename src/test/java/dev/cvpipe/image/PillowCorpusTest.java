package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pillow's own test images (../shared/corpora/pillow-test-images): readable/ are files Pillow
 * converts, unreadable/ files it refuses. Skipped when the corpus is not beside the checkout.
 */
class PillowCorpusTest {
    /** Readable files we knowingly cannot convert yet, with the reason. Keep this list short and honest. */
    static final Map<String, String> KNOWN_UNSUPPORTED = Map.of();

    @TempDir
    Path tmp;

    static Path corpus() {
        for (String p : new String[] {"../shared/corpora/pillow-test-images", "../../shared/corpora/pillow-test-images"}) {
            if (Files.isDirectory(Path.of(p))) return Path.of(p);
        }
        Assumptions.abort("Pillow test corpus not found beside the checkout");
        return null;
    }

    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void everyReadableFileConverts() throws Exception {
        Path root = corpus().resolve("readable");
        RgbConversion.Options o = new RgbConversion.Options(tmp, RgbConversion.Target.KEEP, 95, false, false, false, DecodeOptions.PILLOW);
        Map<String, String> failed = new TreeMap<>();
        int n = 0;
        for (Path f : files(root)) {
            n++;
            RgbConversion.Result r = RgbConversion.convert(new ImageFiles.Input(f, root), o);
            String name = root.relativize(f).toString();
            if (r.bad()) {
                failed.put(name, r.reason());
                continue;
            }
            ImageInfo in = ImageInspector.inspect(f, false);
            ImageInfo out = ImageInspector.inspect(r.target(), false);
            assertEquals(in.width(), out.width(), name);
            assertEquals(in.height(), out.height(), name);
            assertEquals("RGB", out.mode(), name);
            assertEquals(8, out.bitsPerSample(), name);
        }
        assertTrue(n > 400, "corpus has " + n + " readable files");
        assertEquals(KNOWN_UNSUPPORTED.keySet(), failed.keySet(), "readable files that failed: " + failed);
    }

    @Test
    void everyUnreadableFileGetsItsOneLineReason() throws Exception {
        List<String> accepted = new ArrayList<>();
        List<Path> all = files(corpus().resolve("unreadable"));
        assertTrue(all.size() >= 25);
        for (Path f : all) {
            try {
                ImageDecoder.readRgb(f);
                accepted.add(f.toString());
            } catch (BadImageException e) {
                String m = e.getMessage();
                assertFalse(m.isBlank() || m.contains("\n") || m.contains("Exception"), f + ": " + m);
            }
        }
        assertEquals(List.of(), accepted, "files Pillow refuses that we decoded");
    }

    @Test
    void bombsAreRefusedFromTheHeader() throws Exception {
        Path u = corpus().resolve("unreadable");
        for (String bomb : new String[] {"decompression_bomb.gif", "bmp/b/reallybig.bmp"}) {
            ImageInfo i = ImageInspector.inspect(u.resolve(bomb), false);
            assertTrue(i.status().startsWith("decompression bomb"), bomb + ": " + i.status());
        }
    }
}
