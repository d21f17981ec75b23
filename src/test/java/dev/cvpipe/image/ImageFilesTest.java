package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir Path dir;

    /** Two to-rgb --in-place on one folder: the other run's temp files vanish while this one lists the folder. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void filesVanishingDuringTheWalkAreNotAnError() throws Exception {
        for (int i = 0; i < 20; i++) Files.writeString(dir.resolve("img" + i + ".png"), "x");
        VanishingTemps.whileChurning(dir, "png", () -> {
            for (int round = 0; round < 3000; round++) {
                List<ImageFiles.Input> found = ImageFiles.expand(List.of(dir), (a, b) -> {});
                assertEquals(20, found.size());
            }
        });
    }
}
