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

    @Test
    void aRowWithMoreThanOneClassIsABadLine() throws IOException {
        assertEquals(Map.of("a.jpg", "0"), read("r.csv", "a.jpg,0\ne.jpg,1,2\n"));
        assertEquals(List.of(dir.resolve("r.csv") + ":2: expected name,class, not 3 fields"
                + " (eval scores one class per image; a --topk file has more on every row)"), bad);
    }

    @Test
    void unreadableFilesAreNamedWithTheirLine() throws IOException {
        Path gbk = Files.write(dir.resolve("gbk.csv"), new byte[] {'a', '.', 'j', 'p', 'g', ',', '0', '\n', (byte) 0xC3, (byte) 0xA8, ',', '1', '\n', (byte) 0xB2, (byte) 0xE2, ',', '1', '\n'});
        var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ImageLabels.read(gbk, (w, r) -> { }));
        assertEquals(gbk + ":3: not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8)", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ImageLabels.read(dir, (w, r) -> { }));
        assertEquals(dir + ": is a folder, not a file", e.getMessage());
    }
}
