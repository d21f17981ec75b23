package dev.cvpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvpipe.report.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict --list reads the lists split writes (PaddleX {@code dir/name.jpg 3}, space before the class id). */
class ImageInputsListTest {
    @TempDir
    Path tmp;

    @Test
    void firstFieldOfPaddleXSpaceSeparatedLines() throws Exception {
        Path list = tmp.resolve("val_list.txt");
        Files.writeString(list, "d0/00_001.png 0\nd1/a b.png 11\nd2/c.png\t2\nd3/d.png,3\nd4/my photo.png\n");
        BadInputs bad = new BadInputs(false);
        List<ImageInputs.Input> in = ImageInputs.fromList(list, tmp, bad);
        assertEquals(List.of("d0/00_001.png", "d1/a b.png", "d2/c.png", "d3/d.png", "d4/my photo.png"),
                in.stream().map(ImageInputs.Input::name).toList());
        assertEquals(tmp.resolve("d0/00_001.png"), in.get(0).path());
        assertEquals(0, bad.count());
    }
}
