package dev.cvpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSummaryTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        Log.setStream(System.err);
    }

    @Test
    void modesFormatsAndSizesOfClassFolders() throws IOException {
        Log.setStream(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path modes = Path.of("test-data/images/modes");
        // a: L 4x1, P 4x1; b: RGBA 2x1, RGB JPEG 16x16, an RGB PNG 3x2 named .jpg, and text named .png
        // (sizes and modes from each file's header, read with xxd / ImageMagick identify)
        for (String f : List.of("a/mode_L.png", "a/mode_P.png", "b/mode_RGBA.png", "b/mode_RGB.jpg", "b/png_named.jpg",
                "b/not_an_image.png")) {
            Path to = dir.resolve("ds").resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(modes.resolve(Path.of(f).getFileName()), to);
        }
        BadInputs bad = new BadInputs(false);
        DatasetView view = DatasetView.open(dir.resolve("ds"), null, bad);
        List<Path> files = new ArrayList<>();
        for (DatasetView.Item i : view.items()) files.add(i.file());
        ImageSummary s = ImageSummary.of(files, false, bad);

        assertEquals(5, s.inspected());
        assertEquals(1, s.unreadable());
        assertEquals(1, bad.count());
        assertTrue(bad.lines().get(0).startsWith(dir.resolve("ds/b/not_an_image.png") + ": "), bad.lines().get(0));
        assertEquals(List.of(Map.entry("RGB", 2), Map.entry("L", 1), Map.entry("P", 1), Map.entry("RGBA", 1)),
                new ArrayList<>(s.modes().entrySet()));
        assertEquals(Map.of("PNG", 4, "JPEG", 1), s.formats());
        assertEquals(1, s.extensionMismatches());
        assertArrayEquals(new int[] {2, 4, 16}, s.width());  // widths 2,3,4,4,16
        assertArrayEquals(new int[] {1, 1, 16}, s.height()); // heights 1,1,1,2,16
        assertEquals("modes: RGB 2, L 1, P 1, RGBA 1", s.lines().get(1));
    }
}
