package dev.cvpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitterTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void captureStderr() {
        Log.setStream(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Log.setStream(System.err);
        DatasetSplitter.beforePlaceForTest = n -> { };
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Each image's bytes are its own name, so a copy can be checked against its source. */
    private Path image(Path folder, String name) throws IOException {
        Path p = folder.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "pixels of " + name);
        return p;
    }

    // ---------------------------------------------------------------- the messy cat-12-like list

    private static final String MESSY_LIST = "\uFEFF# cat list\r\n"   // 1
            + "cat_12_train/a0.jpg\t0\r\n"                              // 2
            + "a1.jpg 0\r\n"                                            // 3
            + "cat_12_train/a2.jpg,0\r\n"                               // 4
            + "a3.jpg\t0\r\n"                                           // 5
            + "a4.jpg  0\r\n"                                           // 6
            + "a5.jpg\t0\r\n"                                           // 7
            + "b0.jpg\t1\r\n"                                           // 8
            + "b1.jpg\t1\r\n"                                           // 9
            + "b2.jpg\t1\r\n"                                           // 10
            + "b3.jpg\t1\r\n"                                           // 11
            + "cat_12_train/猫 咪.jpg\t1\r\n"                           // 12
            + "dup.jpg\t0\r\n"                                          // 13 conflict
            + "dup.jpg\t1\r\n"                                          // 14 conflict
            + "../outside/secret.jpg\t0\r\n"                            // 15 traversal
            + "evil.jpg\t0\r\n"                                         // 16 symlink leading outside
            + "missing.jpg\t1\r\n"                                      // 17 missing
            + "a0.jpg\t0\r\n"                                           // 18 same file, same class: kept once
            + "a1.jpg\tzero\r\n"                                        // 19 not an integer
            + "\r\n";

    private Path images;
    private Path list;

    private void messyFixture() throws IOException {
        images = dir.resolve("cat_12_train");
        for (String n : List.of("a0.jpg", "a1.jpg", "a2.jpg", "a3.jpg", "a4.jpg", "a5.jpg",
                "b0.jpg", "b1.jpg", "b2.jpg", "b3.jpg", "猫 咪.jpg", "dup.jpg", "extra.jpg")) {
            image(images, n);
        }
        Path secret = image(dir.resolve("outside"), "secret.jpg");
        Files.createSymbolicLink(images.resolve("evil.jpg"), secret);
        list = dir.resolve("train_list.txt");
        Files.writeString(list, MESSY_LIST);
    }

    private SplitRequest messyRequest(Path out) {
        return SplitRequest.ofList(list, images, out).withClasses(null, 2)
                .withShares(SplitShare.parse("1"), SplitShare.NONE);
    }

    @Test
    void messyListReportsEachBadLineAndSplitsTheRest() throws IOException {
        messyFixture();
        Path out = dir.resolve("out");
        BadInputs bad = new BadInputs(false);
        SplitResult r = DatasetSplitter.run(messyRequest(out), bad);

        List<String> lines = bad.lines().stream().map(l -> l.substring(0, l.indexOf(": "))).toList();
        assertEquals(List.of(list + ":13", list + ":14", list + ":15", list + ":16", list + ":17", list + ":19"), lines);
        assertTrue(bad.lines().get(2).contains("climbs out"), bad.lines().get(2));
        assertTrue(bad.lines().get(3).contains("symlink leads outside"), bad.lines().get(3));
        assertTrue(bad.lines().get(4).contains("not found"), bad.lines().get(4));
        assertTrue(err().contains(list + ":18: 'a0.jpg' repeats line 2 with the same class; kept once"), err());

        // 6 images of class 0, 5 of class 1 (b0..b3 and the Chinese name with a space)
        assertEquals(List.of("a0.jpg", "a1.jpg", "a2.jpg", "a3.jpg", "a4.jpg", "a5.jpg"), names(out.resolve("0")));
        assertEquals(List.of("b0.jpg", "b1.jpg", "b2.jpg", "b3.jpg", "猫 咪.jpg"), names(out.resolve("1")));
        assertEquals("pixels of 猫 咪.jpg", Files.readString(out.resolve("1/猫 咪.jpg")));
        assertEquals("0\n1\n", Files.readString(out.resolve("labels.txt")));

        // --val 1: exactly one image per class in val, the rest in train, nothing in test
        List<String> val = Files.readAllLines(out.resolve("val_list.txt"));
        List<String> train = Files.readAllLines(out.resolve("train_list.txt"));
        assertEquals(2, val.size());
        assertTrue(val.get(0).matches("0/a\\d\\.jpg 0"), val.get(0));
        assertTrue(val.get(1).matches("1/(b\\d|猫 咪)\\.jpg 1"), val.get(1));
        assertEquals(9, train.size());
        assertEquals("", Files.readString(out.resolve("test_list.txt")));
        List<String> all = new ArrayList<>(train);
        all.addAll(val);
        Collections.sort(all);
        assertEquals(List.of("0/a0.jpg 0", "0/a1.jpg 0", "0/a2.jpg 0", "0/a3.jpg 0", "0/a4.jpg 0", "0/a5.jpg 0",
                "1/b0.jpg 1", "1/b1.jpg 1", "1/b2.jpg 1", "1/b3.jpg 1", "1/猫 咪.jpg 1"), all);
        assertFalse(Files.readString(out.resolve("train_list.txt")).contains("\r"));

        // the one image nobody listed is named, never silently dropped
        assertEquals(List.of(images.resolve("extra.jpg")), r.unlisted());
        assertEquals("extra.jpg\n", Files.readString(out.resolve("unlisted.txt")));
        assertTrue(err().contains("1 image(s) in " + images + " that " + list + " does not list"), err());

        var json = dev.cvpipe.report.Json.MAPPER.readTree(out.resolve("split.json").toFile());
        assertEquals(42, json.path("arguments").path("seed").asInt());
        assertEquals(LabelListReader.sha256(Files.readAllBytes(list)), json.path("arguments").path("input_sha256").asText());
        assertEquals(5, json.path("classes").get(1).path("total").asInt());
        assertEquals(1, json.path("unlisted_images").asInt());
        assertTrue(json.path("complete").asBoolean());
    }

    @Test
    void strictStopsAtTheFirstBadLineBeforeWritingAnything() throws IOException {
        messyFixture();
        Path out = dir.resolve("out");
        BadInputs.StrictStop stop = assertThrows(BadInputs.StrictStop.class,
                () -> DatasetSplitter.run(messyRequest(out), new BadInputs(true)));
        assertTrue(stop.getMessage().startsWith(list + ":13: "), stop.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void twelveClassesGetTwoDigitFolders() throws IOException {
        images = dir.resolve("imgs");
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 12; c++) {
            image(images, "x" + c + ".jpg");
            sb.append("x").append(c).append(".jpg\t").append(c).append('\n');
        }
        list = dir.resolve("l.txt");
        Files.writeString(list, sb.toString());
        Path out = dir.resolve("out");
        DatasetSplitter.run(SplitRequest.ofList(list, images, out), new BadInputs(false));
        assertEquals("00\n01\n02\n03\n04\n05\n06\n07\n08\n09\n10\n11\n", Files.readString(out.resolve("labels.txt")));
        assertTrue(Files.exists(out.resolve("11/x11.jpg")));
        assertTrue(Files.readString(out.resolve("train_list.txt")).startsWith("00/x0.jpg 0\n01/x1.jpg 1\n"));
    }

    // ---------------------------------------------------------------- determinism

    private void pinnedFixture(List<String> lineOrder) throws IOException {
        images = dir.resolve("imgs");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) lines.add(String.format("a%02d.jpg\t0", i));
        for (int i = 0; i < 7; i++) lines.add("b" + i + ".jpg\t1");
        lines.add("c0.jpg\t2");
        lines.add("c1.jpg\t2");
        for (String l : lines) image(images, l.substring(0, l.indexOf('\t')));
        if (lineOrder != null) Collections.reverse(lines);
        list = dir.resolve("l.txt");
        Files.writeString(list, String.join("\n", lines) + "\n");
    }

    @Test
    void pinnedAssignmentCatchesAnyChangeOfShuffle() throws IOException {
        // Expected sets worked out with an independent Python transcription of the documented
        // algorithm (sort by name, SplitMix64 seeded seed + class * 0x632BE59BD9B4E019,
        // Fisher-Yates from the end, val first, then test; counts n*f rounded half up:
        // class 0: 10 -> val 2, test 1; class 1: 7 -> val 1, test 1; class 2: 2 -> 0, 0).
        pinnedFixture(null);
        Path out = dir.resolve("out");
        DatasetSplitter.run(SplitRequest.ofList(list, images, out)
                .withShares(SplitShare.parse("0.2"), SplitShare.parse("0.1")), new BadInputs(false));
        assertEquals("0/a03.jpg 0\n0/a08.jpg 0\n1/b0.jpg 1\n", Files.readString(out.resolve("val_list.txt")));
        assertEquals("0/a04.jpg 0\n1/b4.jpg 1\n", Files.readString(out.resolve("test_list.txt")));

        Path out7 = dir.resolve("out7");
        DatasetSplitter.run(SplitRequest.ofList(list, images, out7).withSeed(7)
                .withShares(SplitShare.parse("0.2"), SplitShare.parse("0.1")), new BadInputs(false));
        assertEquals("0/a04.jpg 0\n0/a06.jpg 0\n1/b2.jpg 1\n", Files.readString(out7.resolve("val_list.txt")));
        assertEquals("0/a00.jpg 0\n1/b6.jpg 1\n", Files.readString(out7.resolve("test_list.txt")));
    }

    @Test
    void sameInputAndSeedGiveIdenticalBytesWhateverTheLineOrder() throws IOException {
        pinnedFixture(null);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        SplitRequest req = SplitRequest.ofList(list, images, a).withShares(SplitShare.parse("0.3"), SplitShare.parse("0.2"));
        DatasetSplitter.run(req, new BadInputs(false));
        // the same lines in reverse order: the lists must not change, only split.json's input hash
        pinnedFixture(List.of());
        DatasetSplitter.run(new SplitRequest(list, images, null, b, null, null, LinkMode.COPY, 42,
                SplitShare.parse("0.3"), SplitShare.parse("0.2"), false, null), new BadInputs(false));
        for (String f : List.of("labels.txt", "train_list.txt", "val_list.txt", "test_list.txt")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }

    // ---------------------------------------------------------------- idempotence and --clean

    private Map<String, FileTime> snapshot(Path root) throws IOException {
        Map<String, FileTime> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) m.put(root.relativize(p).toString(), Files.getLastModifiedTime(p));
        }
        return m;
    }

    @Test
    void secondIdenticalRunChangesNothingOtherArgumentsAreRefusedUnlessClean() throws IOException, InterruptedException {
        messyFixture();
        Path out = dir.resolve("out");
        assertFalse(DatasetSplitter.run(messyRequest(out), new BadInputs(false)).changedNothing());
        Map<String, FileTime> before = snapshot(out);
        Thread.sleep(20); // so a rewrite would show in the modification times
        SplitResult again = DatasetSplitter.run(messyRequest(out), new BadInputs(false));
        assertTrue(again.changedNothing());
        assertEquals(before, snapshot(out));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DatasetSplitter.run(messyRequest(out).withSeed(7), new BadInputs(false)));
        assertTrue(refused.getMessage().contains("seed 42 -> 7"), refused.getMessage());
        assertEquals(before, snapshot(out));

        String oldTrain = Files.readString(out.resolve("train_list.txt"));
        SplitResult cleaned = DatasetSplitter.run(messyRequest(out).withSeed(7).withShares(SplitShare.parse("2"), SplitShare.NONE)
                .withClean(true), new BadInputs(false));
        assertEquals(7, cleaned.plan().total(Subset.TRAIN));
        assertNotEquals(oldTrain, Files.readString(out.resolve("train_list.txt")));
    }

    @Test
    void refusesAFolderThatIsNotASplit() throws IOException {
        messyFixture();
        Path out = dir.resolve("out");
        image(out, "precious.jpg");
        assertThrows(IllegalStateException.class, () -> DatasetSplitter.run(messyRequest(out), new BadInputs(false)));
        assertThrows(IllegalStateException.class, () -> DatasetSplitter.run(messyRequest(out).withClean(true), new BadInputs(false)));
        assertTrue(Files.exists(out.resolve("precious.jpg")));
    }

    // ---------------------------------------------------------------- move, hardlink, symlink

    private Map<String, String> contents(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                if (p.getFileName().toString().endsWith(".jpg")) m.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return m;
    }

    @Test
    void killedMoveResumesWithNothingLostOrDuplicated() throws IOException {
        messyFixture();
        Path out = dir.resolve("out");
        SplitRequest req = messyRequest(out).withMode(LinkMode.MOVE);
        DatasetSplitter.beforePlaceForTest = n -> {
            if (n > 4) throw new IllegalStateException("simulated kill after 4 moves");
        };
        assertThrows(IllegalStateException.class, () -> DatasetSplitter.run(req, new BadInputs(false)));
        DatasetSplitter.beforePlaceForTest = n -> { };
        // the state a kill leaves: 4 images moved, 7 still in the images folder, the journal
        // naming all 11, split.json marked incomplete, no lists yet
        assertEquals(4, names(out.resolve("0")).size() + names(out.resolve("1")).size());
        assertEquals(14 - 4, names(images).size());
        assertFalse(dev.cvpipe.report.Json.MAPPER.readTree(out.resolve("split.json").toFile()).path("complete").asBoolean());
        assertFalse(Files.exists(out.resolve("train_list.txt")));
        // ... plus a cross-device move whose copy finished but whose delete did not, and a torn journal line
        String waiting = Stream.of("a0.jpg", "a1.jpg", "a2.jpg", "a3.jpg", "a4.jpg", "a5.jpg", "b0.jpg", "b1.jpg", "b2.jpg",
                "b3.jpg", "猫 咪.jpg").filter(n -> Files.exists(images.resolve(n))).findFirst().orElseThrow();
        Files.copy(images.resolve(waiting), out.resolve((waiting.startsWith("a") ? "0/" : "1/") + waiting));
        Files.writeString(out.resolve(MoveJournal.FILE_NAME), "{\"src\":\"/tmp/x", java.nio.file.StandardOpenOption.APPEND);

        BadInputs bad = new BadInputs(false);
        SplitResult r = DatasetSplitter.run(req, bad);
        assertEquals(6, bad.count()); // the same six bad lines, nothing new: moved images are not "missing"
        assertEquals(11, r.total());
        Map<String, String> placed = contents(out);
        assertEquals(11, placed.size());
        for (Map.Entry<String, String> e : placed.entrySet()) {
            assertEquals("pixels of " + Path.of(e.getKey()).getFileName(), e.getValue());
        }
        // left behind: the unlisted image, the conflicting duplicate, the symlink; nothing listed and good
        assertEquals(List.of("dup.jpg", "evil.jpg", "extra.jpg"), names(images));
        assertTrue(DatasetSplitter.run(req, new BadInputs(false)).changedNothing());

        // --clean with other arguments puts every moved image back where it came from first
        DatasetSplitter.run(messyRequest(out).withClean(true), new BadInputs(false));
        assertEquals(14, names(images).size());
        assertEquals(11, contents(out).size()); // copies this time
        assertFalse(Files.exists(out.resolve(MoveJournal.FILE_NAME)));
    }

    @Test
    void hardlinksAndSymlinksPointAtTheSources() throws IOException {
        messyFixture();
        Path hard = dir.resolve("hard");
        DatasetSplitter.run(messyRequest(hard).withMode(LinkMode.HARDLINK), new BadInputs(false));
        assertTrue(Files.isSameFile(images.resolve("a3.jpg"), hard.resolve("0/a3.jpg")));
        assertFalse(Files.isSymbolicLink(hard.resolve("0/a3.jpg")));
        assertTrue(DatasetSplitter.run(messyRequest(hard).withMode(LinkMode.HARDLINK), new BadInputs(false)).changedNothing());

        Path soft = dir.resolve("soft");
        DatasetSplitter.run(messyRequest(soft).withMode(LinkMode.SYMLINK), new BadInputs(false));
        assertEquals(images.resolve("猫 咪.jpg").toRealPath(), Files.readSymbolicLink(soft.resolve("1/猫 咪.jpg")));
        assertTrue(DatasetSplitter.run(messyRequest(soft).withMode(LinkMode.SYMLINK), new BadInputs(false)).changedNothing());
        assertEquals(14, names(images).size());
    }

    // ---------------------------------------------------------------- --from-folders and --labels

    @Test
    void fromFoldersUsesFolderNamesAndReportsLooseImages() throws IOException {
        Path src = dir.resolve("pets");
        image(src, "dogs/d1.jpg");
        image(src, "dogs/d2.jpg");
        image(src, "cats/c1.jpg");
        image(src, "cats/notes.txt");
        image(src, "loose.jpg");
        Path out = dir.resolve("out");
        SplitResult r = DatasetSplitter.run(SplitRequest.ofFolders(src, out), new BadInputs(false));
        assertEquals("cats\ndogs\n", Files.readString(out.resolve("labels.txt")));
        assertEquals(3, r.total());
        assertEquals(List.of(src.toAbsolutePath().resolve("loose.jpg")), r.unlisted());
        String lists = Files.readString(out.resolve("train_list.txt")) + Files.readString(out.resolve("val_list.txt"));
        assertEquals(3, lists.lines().count());
        assertTrue(lists.contains("cats/c1.jpg 0\n"), lists);

        // in place: the lists are written beside the class folders, no image is touched
        SplitResult inPlace = DatasetSplitter.run(SplitRequest.ofFolders(src, src), new BadInputs(false));
        assertEquals(0, inPlace.placed());
        assertEquals(List.of("cats", "dogs", "labels.txt", "loose.jpg", "split.json", "test_list.txt", "train_list.txt",
                "unlisted.txt", "val_list.txt"), names(src));
    }

    @Test
    void movingOutOfClassFoldersIsRepeatableThanksToTheJournal() throws IOException {
        Path src = dir.resolve("pets");
        for (String n : List.of("0/a.jpg", "0/b.jpg", "1/c.jpg", "1/d.jpg", "1/e.jpg")) image(src, n);
        Path out = dir.resolve("out");
        SplitRequest req = SplitRequest.ofFolders(src, out).withMode(LinkMode.MOVE);
        SplitResult first = DatasetSplitter.run(req, new BadInputs(false));
        assertEquals(5, first.placed());
        assertEquals(List.of(), names(src.resolve("1")));
        BadInputs bad = new BadInputs(false);
        assertTrue(DatasetSplitter.run(req, bad).changedNothing());
        assertFalse(bad.any());
        assertEquals("pixels of 1/e.jpg", Files.readString(out.resolve("1/e.jpg")));
    }

    @Test
    void labelsFileNamesTheClassFolders() throws IOException {
        messyFixture();
        Path labels = dir.resolve("names.txt");
        Files.writeString(labels, "tabby\r\nsiamese\r\n");
        Path out = dir.resolve("out");
        DatasetSplitter.run(SplitRequest.ofList(list, images, out).withClasses(labels, null), new BadInputs(false));
        assertEquals("tabby\nsiamese\n", Files.readString(out.resolve("labels.txt")));
        assertTrue(Files.exists(out.resolve("siamese/猫 咪.jpg")));
        assertTrue(Files.readString(out.resolve("train_list.txt")).contains("siamese/b"));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aClassNamedLikeAFileSplitWritesIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path imgs = dir.resolve("imgs");
        image(imgs, "a.jpg");
        image(imgs, "b.jpg");
        Path lst = Files.writeString(dir.resolve("list.txt"), "a.jpg 0\nb.jpg 1\n");
        Path labels = Files.writeString(dir.resolve("labels.txt"), "cat\nTrain_List.txt\n");
        Path out = dir.resolve("out");
        var e = assertThrows(IllegalArgumentException.class, () -> DatasetSplitter.run(new SplitRequest(lst, imgs, null, out, labels,
                null, LinkMode.COPY, 42, null, null, false, null), new BadInputs(false)));
        assertTrue(e.getMessage().startsWith(labels + ": class name 'Train_List.txt' is a file split writes in " + out), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aListThatIsAFolderOrNotUtf8IsNamed() throws IOException {
        Path imgs = Files.createDirectories(dir.resolve("imgs"));
        var e = assertThrows(IOException.class, () -> DatasetSplitter.run(SplitRequest.ofList(imgs, imgs, dir.resolve("o")), new BadInputs(false)));
        assertEquals(imgs + ": is a folder, not a file", e.getMessage());
        Path gbk = Files.write(dir.resolve("gbk.txt"), new byte[] {'a', ' ', '0', '\n', (byte) 0xC3, (byte) 0xA8, (byte) 0xB2, ' ', '1', '\n'});
        e = assertThrows(IOException.class, () -> DatasetSplitter.run(SplitRequest.ofList(gbk, imgs, dir.resolve("o")), new BadInputs(false)));
        assertEquals(gbk + ":2: not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8)", e.getMessage());
    }
}
