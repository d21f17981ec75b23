package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvpipe.cli.Main;
import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cnn-small on cat12-mini through the CLI: learns the set, then predict writes the competition file. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainPredictCliTest {
    @TempDir
    static Path tmp;
    static Path run;

    record Out(int code, String out, String err) {}

    static Out cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Log.setStream(errStream);
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            cl.setErr(new PrintWriter(errStream, true, StandardCharsets.UTF_8));
            int code = cl.execute(args);
            return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            Log.setStream(System.err);
        }
    }

    @Test
    @Order(1)
    void cnnSmallReachesNinetyFivePercentValidationAccuracy() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 4);
        run = tmp.resolve("runs/cnn");
        Out r = cli("train", "--data", split.toString(), "--model", "cnn-small", "--input", "64", "--epochs", "30",
                "--batch", "16", "--lr", "0.01", "--augment", "flip,vflip,rot90", "--seed", "0", "-o", run.toString(), "--csv");
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(String.join(",", EpochMetrics.COLUMNS), rows.get(0));
        assertEquals(31, rows.size());
        double best = 0;
        for (String row : rows.subList(1, rows.size())) best = Math.max(best, Double.parseDouble(row.split(",")[4]));
        assertTrue(best >= 0.95, "best val accuracy " + best + "\n" + String.join("\n", rows));
        // stdout is the summary table as CSV; the best epoch's val_acc is the maximum.
        String[] summary = r.out().strip().split("\n");
        assertEquals("run,epochs,best_epoch,val_loss,val_acc,val_macro_f1", summary[0]);
        assertEquals(best, Double.parseDouble(summary[1].split(",")[4]), 1e-12);
        for (String f : List.of("labels.txt", "config.json", "curves.svg", "checkpoints.json")) assertTrue(Files.exists(run.resolve(f)), f);
        assertTrue(Files.readString(run.resolve("curves.svg")).contains("<svg"));
        assertEquals(12, Files.readAllLines(run.resolve("labels.txt")).size());
    }

    @Test
    @Order(2)
    void predictWritesOneWellFormedLinePerImageInNameOrder() throws Exception {
        Path result = tmp.resolve("result.csv");
        Path probs = tmp.resolve("probs.csv");
        Out r = cli("predict", "--model", run.toString(), "--images", SplitFixture.MINI.resolve("cat_12_test").toString(),
                "-o", result.toString(), "--probs", probs.toString(), "--tta", "flip");
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(result);
        assertFalse(text.contains("\r"));
        assertTrue(text.endsWith("\n"));
        List<String> lines = text.lines().toList();
        List<String> names;
        try (Stream<Path> s = Files.list(SplitFixture.MINI.resolve("cat_12_test"))) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(names.size(), lines.size());
        Map<String, String> truth = new HashMap<>();
        for (String t : Files.readAllLines(SplitFixture.MINI.resolve("test_truth.csv"))) truth.put(t.split(",")[0], t.split(",")[1]);
        int correct = 0;
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).matches("[A-Za-z0-9]{32}\\.jpg,(\\d|1[01])"), lines.get(i));
            assertEquals(names.get(i), lines.get(i).split(",")[0]);
            if (truth.get(names.get(i)).equals(lines.get(i).split(",")[1])) correct++;
        }
        assertTrue(correct >= 20, correct + "/24 test images right");
        List<String> p = Files.readAllLines(probs);
        assertEquals("image,00,01,02,03,04,05,06,07,08,09,10,11", p.get(0));
        assertEquals(names.size() + 1, p.size());
        for (String row : p.subList(1, p.size())) {
            double sum = 0;
            for (String v : row.split(",", 2)[1].split(",")) sum += Double.parseDouble(v);
            assertEquals(1.0, sum, 1e-4, row);
        }

        // An ensemble of the run with itself averages identical probabilities: same classes;
        // --topk 3 lists three distinct classes, the first being the single prediction.
        Path top = tmp.resolve("top3.csv");
        Out e = cli("predict", "--model", run.toString(), "--model", run.toString(), "--images",
                SplitFixture.MINI.resolve("cat_12_test").toString(), "-o", top.toString(), "--tta", "flip", "--topk", "3", "--batch", "5");
        assertEquals(0, e.code(), e.err());
        List<String> topLines = Files.readAllLines(top);
        assertEquals(lines.size(), topLines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] f = topLines.get(i).split(",");
            assertEquals(4, f.length);
            assertEquals(lines.get(i), f[0] + "," + f[1]);
            assertEquals(3, java.util.Set.of(f[1], f[2], f[3]).size());
        }
    }

    @Test
    @Order(3)
    void undecodableImageIsReportedAndExitThreeOrFilled() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("test-with-bad"));
        List<Path> some;
        try (Stream<Path> s = Files.list(SplitFixture.MINI.resolve("cat_12_test"))) {
            some = s.sorted().limit(3).toList();
        }
        for (Path p : some) Files.copy(p, images.resolve(p.getFileName()));
        Files.writeString(images.resolve("000broken.jpg"), "not a jpeg");
        Path result = tmp.resolve("result-bad.csv");
        Out r = cli("predict", "--model", run.toString(), "--images", images.toString(), "-o", result.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("000broken.jpg: "), r.err());
        assertEquals(3, Files.readAllLines(result).size());
        Out filled = cli("predict", "--model", run.toString(), "--images", images.toString(), "-o", result.toString(), "--fill-class", "7");
        assertEquals(3, filled.code());
        List<String> lines = Files.readAllLines(result);
        assertEquals(4, lines.size());
        assertEquals("000broken.jpg,7", lines.get(0));
    }

    @Test
    @Order(4)
    void gpuWithoutAGpuFailsWithOneLine() {
        Out r = cli("train", "--data", tmp.resolve("split").toString(), "--model", "cnn-small", "--device", "gpu", "-o", tmp.resolve("gpu").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("-Pgpu") && r.err().contains("CUDA"), r.err());
        assertFalse(Files.exists(tmp.resolve("gpu/checkpoints.json")));
    }

    @Test
    @Order(5)
    void retrainingIntoAnExistingRunNeedsResume() {
        Out r = cli("train", "--data", tmp.resolve("split").toString(), "--model", "cnn-small", "--input", "64", "-o", run.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--resume"), r.err());
    }

    @Test
    @Order(6)
    void predictFromAListKeepsTheListedNamesAndRefusesTraversal() throws Exception {
        List<String> truth = Files.readAllLines(SplitFixture.MINI.resolve("test_truth.csv"));
        Path listDir = Files.createDirectories(tmp.resolve("listed"));
        Path listFile = listDir.resolve("list.txt");
        Path copied = Files.createDirectories(listDir.resolve("cat_12_test"));
        for (int i : new int[] {0, 2}) {
            String name = truth.get(i).split(",")[0];
            Files.copy(SplitFixture.MINI.resolve("cat_12_test").resolve(name), copied.resolve(name));
        }
        Files.writeString(listFile, "# test images\ncat_12_test/" + truth.get(2).split(",")[0] + "\n\ncat_12_test/" + truth.get(0).split(",")[0] + "\t5\n");
        Path result = tmp.resolve("listed.csv");
        Out r = cli("predict", "--model", run.toString(), "--list", listFile.toString(), "-o", result.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(result);
        assertEquals(2, lines.size());
        List<String> expected = java.util.stream.Stream.of(truth.get(0), truth.get(2)).map(t -> "cat_12_test/" + t.split(",")[0]).sorted().toList();
        assertEquals(expected, lines.stream().map(l -> l.split(",")[0]).toList());

        // one rule with split: a ../ line and a symlink out of the list's folder are refused, reported, and the rest predicted
        Files.createSymbolicLink(listDir.resolve("out.jpg"),
                SplitFixture.MINI.resolve("cat_12_test").resolve(truth.get(1).split(",")[0]).toAbsolutePath());
        Files.writeString(listFile, "../escape.jpg\nout.jpg\ncat_12_test/" + truth.get(0).split(",")[0] + "\n");
        Out bad = cli("predict", "--model", run.toString(), "--list", listFile.toString(), "-o", tmp.resolve("x.csv").toString());
        assertEquals(3, bad.code(), bad.err());
        assertTrue(bad.err().contains(listFile + ":1: path '../escape.jpg' climbs out"), bad.err());
        assertTrue(bad.err().contains(listFile + ":2: 'out.jpg': symlink leads outside"), bad.err());
        assertEquals(List.of("cat_12_test/" + truth.get(0).split(",")[0]), Files.readAllLines(tmp.resolve("x.csv")).stream().map(l -> l.split(",")[0]).toList());
        // the summary counts them: 1 image, 1 line written, 2 bad
        List<String> summary = bad.out().lines().toList();
        assertEquals(List.of(tmp.resolve("x.csv").toString(), "1", "1", "2", "0"), List.of(summary.get(summary.size() - 1).trim().split("\\s+")), bad.out());
    }

    @Test
    @Order(7)
    void trainingSkipsAnUndecodableImageReportsItAndExitsThree() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split-bad"), 2);
        Files.writeString(split.resolve("00/broken.jpg"), "not an image");
        Files.writeString(split.resolve("train_list.txt"), Files.readString(split.resolve("train_list.txt")) + "00/broken.jpg 0\n");
        Out r = cli("train", "--data", split.toString(), "--model", "cnn-small", "--input", "32", "--epochs", "2", "--batch", "32",
                "-o", tmp.resolve("runs/bad").toString());
        assertEquals(3, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("broken.jpg: ")).count(), "reported once over 2 epochs: " + r.err());
        assertEquals(3, Files.readAllLines(tmp.resolve("runs/bad/metrics.csv")).size());
    }

    @Test
    @Order(21)
    void everyValidationImageUnreadableFailsInsteadOfCrowningANaNEpoch() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split-badval"), 1);
        StringBuilder val = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            Files.writeString(split.resolve("00/broken" + i + ".jpg"), "not an image");
            val.append("00/broken").append(i).append(".jpg 0\n");
        }
        Files.writeString(split.resolve("val_list.txt"), val);
        Out r = cli("train", "--data", split.toString(), "--model", "cnn-small", "--input", "32", "--epochs", "2", "--batch", "32",
                "-o", tmp.resolve("runs/badval").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cvpipe: error: " + split + ": none of the 2 validation images could be read"), r.err());
        assertFalse(Files.exists(tmp.resolve("runs/badval/checkpoints.json")), "no epoch saved, so no best one");
    }

    @Test
    @Order(22)
    void resumingFromATruncatedCheckpointNamesTheRunAndTheCheckpoint() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split-trunc"), 1);
        Path runDir = tmp.resolve("runs/trunc");
        String[] args = {"train", "--data", split.toString(), "--model", "cnn-small", "--input", "32", "--batch", "32", "-o", runDir.toString()};
        Out first = cli(concat(args, "--epochs", "1"));
        assertEquals(0, first.code(), first.err());
        Path data;
        try (Stream<Path> s = Files.walk(runDir.resolve("checkpoints"))) {
            data = s.filter(p -> p.getFileName().toString().startsWith("model.data-")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Out r = cli(concat(args, "--epochs", "2", "--resume"));
        assertEquals(1, r.code(), r.err());
        String prefix = data.getParent().resolve("model").toString();
        assertTrue(r.err().contains("cvpipe: error: " + runDir + ": checkpoint " + prefix + " cannot be restored ("), r.err());
        assertFalse(r.err().contains("{{node"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    /** A checkpoint that cannot be restored (truncated, or deleted): exit 1 naming it, never a hang. */
    @Test
    @Order(20)
    @org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
    void anUnrestorableCheckpointIsExit1NotAHang() throws Exception {
        Path broken = tmp.resolve("runs/broken");
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.toList()) {
                Path to = broken.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        List<Path> data;
        try (Stream<Path> s = Files.walk(broken.resolve("checkpoints"))) {
            data = s.filter(p -> p.getFileName().toString().startsWith("model.data-")).toList();
        }
        assertFalse(data.isEmpty());
        for (Path d : data) {
            try (var ch = java.nio.channels.FileChannel.open(d, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(1000); // the model weights come first: half a file still restores a classifier
            }
        }
        Path images = SplitFixture.MINI.resolve("cat_12_test");
        Out r = cli("predict", "--model", broken.toString(), "--images", images.toString(), "-o", tmp.resolve("broken.csv").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().matches("(?s)cvpipe: error: " + java.util.regex.Pattern.quote(broken.toString()) + ": checkpoint \\S+ cannot be restored .*"), r.err());
        // the checkpoint folders deleted, the pointer file left
        try (Stream<Path> s = Files.list(broken.resolve("checkpoints"))) {
            for (Path p : s.toList()) {
                try (Stream<Path> w = Files.walk(p)) {
                    for (Path f : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
                }
            }
        }
        Out gone = cli("predict", "--model", broken.toString(), "--images", images.toString(), "-o", tmp.resolve("broken.csv").toString());
        assertEquals(1, gone.code(), gone.err());
        assertTrue(gone.err().contains("cannot be restored"), gone.err());
        assertFalse(Files.exists(tmp.resolve("broken.csv")));
    }
}
