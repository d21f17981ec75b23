package dev.cvpipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafePathsTest {
    private final Path root = Path.of("/data/cat_12_train");

    @Test
    void refusesEverythingThatLeavesTheRoot() {
        for (String p : new String[] {"../x.jpg", "a/../../x.jpg", "a/..", "/etc/passwd", "C:\\x.jpg", "~/x.jpg", "..\\x.jpg", ""}) {
            assertThrows(IllegalArgumentException.class, () -> SafePaths.segments(p), p);
        }
    }

    @Test
    void aLeadingFolderNamedLikeTheRootIsAlsoTriedWithoutIt() {
        assertEquals(List.of(Path.of("/data/cat_12_train/cat_12_train/x.jpg"), Path.of("/data/cat_12_train/x.jpg")),
                SafePaths.candidates(root, "cat_12_train/x.jpg"));
        assertEquals(List.of(Path.of("/data/cat_12_train/x.jpg")), SafePaths.candidates(root, "./x.jpg"));
        assertEquals(List.of(Path.of("/data/cat_12_train/other/x.jpg")), SafePaths.candidates(root, "other\\x.jpg"));
    }
}
