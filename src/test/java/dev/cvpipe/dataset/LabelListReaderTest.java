package dev.cvpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelListReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBomCrlfMixedSeparatorsCommentsAndNonAsciiNames() throws IOException {
        Path list = dir.resolve("l.txt");
        String text = "\uFEFF# made by hand\r\n"
                + "cat_12_train/a.jpg\t0\r\n"
                + "\r\n"
                + "b.jpg   11\r\n"
                + "c.jpg,3\n"
                + "my cat 猫.jpg \t 5 \r\n"
                + "  d e.jpg , 07\r\n";
        Files.write(list, text.getBytes(StandardCharsets.UTF_8));
        LabelListReader.Result r = LabelListReader.read(list, 12);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(
                new ListLine(list + ":2", 2, "cat_12_train/a.jpg", 0),
                new ListLine(list + ":4", 4, "b.jpg", 11),
                new ListLine(list + ":5", 5, "c.jpg", 3),
                new ListLine(list + ":6", 6, "my cat 猫.jpg", 5),
                new ListLine(list + ":7", 7, "d e.jpg", 7)), r.lines());
        assertEquals(LabelListReader.sha256(text.getBytes(StandardCharsets.UTF_8)), r.sha256());
    }

    @Test
    void badLabelsAreProblemsWithTheirLineNumbers() throws IOException {
        Path list = dir.resolve("l.txt");
        Files.writeString(list, "a.jpg 1\nb.jpg cat\nc.jpg 12\nd.jpg -1\ne.jpg\nf.jpg 1.0\ng.jpg 99999999999\n");
        LabelListReader.Result r = LabelListReader.read(list, 12);
        assertEquals(1, r.lines().size());
        assertEquals(List.of(2, 3, 4, 5, 6, 7), r.problems().stream().map(LabelListReader.Problem::lineNumber).toList());
        assertEquals("class 12 is outside 0..11 (--num-classes 12)", r.problems().get(1).reason());
    }
}
