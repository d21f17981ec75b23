package dev.cvpipe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLabelsTest {
    @TempDir
    Path dir;

    private final List<String> bad = new ArrayList<>();

    private Map<String, String> read(String name, String text) throws IOException {
        return ImageLabels.read(Files.writeString(dir.resolve(name), text), (where, why) -> bad.add(where + ": " + why));
    }

    @Test
    void paddleListKeysByFileNameAndReportsRepeatsAndJunk() throws IOException {
        Map<String, String> m = read("list.txt", "\uFEFFtest/a b.jpg 3\r\ntest\\c.jpg 1\n\nnoclass\nother/a b.jpg 4\n");
        assertEquals(Map.of("a b.jpg", "3", "c.jpg", "1"), m);
        Path f = dir.resolve("list.txt");
        assertEquals(List.of(f + ":4: expected 'path class'", f + ":5: a b.jpg is listed twice (first as class 3)"), bad);
    }

    @Test
    void rankedCsvKeepsEveryClassInOrderAndListsHaveOne() throws IOException {
        Path csv = Files.writeString(dir.resolve("top3.csv"), "a.jpg,2,0,1\nb.jpg,1,,\n");
        assertEquals(Map.of("a.jpg", List.of("2", "0", "1"), "b.jpg", List.of("1")), ImageLabels.readRanked(csv, (w, why) -> bad.add(w)));
        Path list = Files.writeString(dir.resolve("l.txt"), "x/a.jpg 2\n");
        assertEquals(Map.of("a.jpg", List.of("2")), ImageLabels.readRanked(list, (w, why) -> bad.add(w)));
        assertEquals(Map.of("a.jpg", "2"), ImageLabels.read(csv, (w, why) -> bad.add(w)).entrySet().stream()
                .filter(e -> e.getKey().equals("a.jpg")).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertEquals(List.of(), bad);
    }

    @Test
    void csvWithAndWithoutHeader() throws IOException {
        assertEquals(Map.of("a.jpg", "0", "b.jpg", "2"), read("r.csv", "a.jpg,0\nb.jpg,2\n"));
        assertEquals(Map.of("a.jpg", "cat", "b.jpg", "dog"), read("t.csv", "image,label\na.jpg,cat\n\"b.jpg\",dog\n"));
        assertEquals(List.of(), bad);
    }
}
