package dev.cvpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvpipe.image.VanishingTemps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ImageScanTest {
    @TempDir Path dir;

    /**
     * split --images on a folder another run's to-rgb is writing: its hidden temp files come and go
     * while the folder is scanned. One that vanishes between listing and stat must not abort split
     * ("cvpipe: error: .../.x.jpg.PIDx...-160.cvpipe-tmp: no such file or directory", exit 1).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void filesVanishingDuringTheScanAreNotAnError() throws Exception {
        for (int i = 0; i < 20; i++) Files.writeString(dir.resolve("img" + i + ".jpg"), "x");
        VanishingTemps.whileChurning(dir, "jpg", () -> {
            for (int round = 0; round < 3000; round++) {
                List<Path> found = ImageScan.under(dir);
                assertEquals(20, found.size());
            }
        });
    }
}
