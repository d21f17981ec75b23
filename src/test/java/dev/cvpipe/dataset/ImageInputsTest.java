package dev.cvpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cvpipe.report.BadInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputsTest {
    @TempDir Path dir;

    /** predict --list split/val_list.txt: the lists split writes are "CLASS_DIR/FILE ID", space separated. */
    @Test
    void aSplitListsPathAndSpaceSeparatedIdIsThePath() throws Exception {
        Files.createDirectories(dir.resolve("00"));
        Files.writeString(dir.resolve("00/a.jpg"), "x");
        Files.writeString(dir.resolve("00/b c.jpg"), "x");
        Files.writeString(dir.resolve("00/d 7"), "x"); // a whole line that is itself a file stays the path
        Path list = dir.resolve("val_list.txt");
        Files.writeString(list, "00/a.jpg 0\n00/b c.jpg 0\n00/d 7\n00/a.jpg\t0\n", StandardCharsets.UTF_8);
        BadInputs bad = new BadInputs(false);
        List<ImageInputs.Input> in = ImageInputs.fromList(list, dir, bad);
        assertFalse(bad.any(), () -> bad.lines().toString());
        assertEquals(List.of("00/a.jpg", "00/a.jpg", "00/b c.jpg", "00/d 7"),
                in.stream().map(ImageInputs.Input::name).toList());
        assertEquals(dir.resolve("00/b c.jpg").toRealPath(), in.get(2).path().toRealPath());
    }
}
