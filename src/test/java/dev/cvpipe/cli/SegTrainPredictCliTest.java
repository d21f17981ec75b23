package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.ImageEncoder;
import dev.cvpipe.image.ImageFormat;
import dev.cvpipe.image.IndexMask;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.train.Checkpoints;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** unet-small on test-data/seg-shapes through the CLI: learns the masks, then predict writes PNG masks. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SegTrainPredictCliTest {
    static final Path DATA = Path.of("test-data/seg-shapes");

    @TempDir
    static Path tmp;
    static Path run;

    @Test
    @Order(1)
    void unetSmallReachesValidationMiouOfPointEight() throws Exception {
        run = tmp.resolve("runs/seg");
        CliRun r = CliRun.of("seg", "train", "--data", DATA.toString(), "--model", "unet-small", "--classes", "1", "--input", "64",
                "--epochs", "8", "--batch", "8", "--lr", "3e-3", "--seed", "1", "--swa-start", "7", "-o", run.toString(), "--csv");
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("epoch,train_loss,val_loss,val_miou,val_acc,lr,seconds,img_per_s", rows.get(0));
        assertEquals(9, rows.size());
        double best = 0;
        for (String row : rows.subList(1, rows.size())) best = Math.max(best, Double.parseDouble(row.split(",")[3]));
        assertTrue(best >= 0.8, "best val mIoU " + best + "\n" + String.join("\n", rows));
        // The table's val_miou is the best epoch's.
        String[] table = r.out().strip().split("\n")[1].split(",");
        assertEquals(best, Double.parseDouble(table[4]), 1e-4);
        assertTrue(Files.isRegularFile(run.resolve("curves.svg")));
        assertEquals(List.of("background", "foreground"), Files.readAllLines(run.resolve("labels.txt")));
        var training = dev.cvpipe.report.Json.MAPPER.readTree(run.resolve("config.json").toFile()).get("training");
        assertEquals("segmentation", training.get("task").asText());
        assertEquals("dice+bce", training.get("loss").asText());
        assertTrue(Files.readString(run.resolve(Checkpoints.POINTER)).contains("\"swa\""), "SWA checkpoint saved");
    }

    @Test
    @Order(2)
    void predictWritesOneMaskPerImageAtTheOriginalSize() throws Exception {
        Path images = tmp.resolve("images");
        Files.createDirectories(images);
        try (Stream<Path> files = Files.list(DATA.resolve("test/images"))) {
            for (Path p : files.sorted().limit(3).toList()) Files.copy(p, images.resolve(p.getFileName()));
        }
        // A 40x50 image: the mask must come back 40 wide, 50 high.
        RgbImage odd = new RgbImage(40, 50, new byte[40 * 50 * 3]);
        try (OutputStream os = Files.newOutputStream(images.resolve("odd.png"))) {
            ImageEncoder.write(odd, ImageFormat.PNG, 90, os);
        }
        Files.writeString(images.resolve("broken.jpg"), "not an image");
        Path out = tmp.resolve("masks");
        CliRun r = CliRun.of("seg", "predict", "--model", run.toString(), "--images", images.toString(), "-o", out.toString(),
                "--tta", "flip", "--csv");
        assertEquals(ExitCode.BAD_INPUTS, r.exit(), r.err());
        assertTrue(r.err().contains("broken.jpg: "), r.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("odd.png", "te_000.png", "te_001.png", "te_002.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        IndexMask m = ImageDecoder.readMask(out.resolve("odd.png"));
        assertEquals(40, m.width());
        assertEquals(50, m.height());
        for (String name : List.of("te_000", "te_001", "te_002")) {
            IndexMask pred = ImageDecoder.readMask(out.resolve(name + ".png"));
            IndexMask gt = ImageDecoder.readMask(DATA.resolve("test/labels/" + name + ".png"));
            assertEquals(64, pred.width());
            assertEquals(64, pred.height());
            int agree = 0;
            for (int i = 0; i < pred.values().length; i++) {
                int v = pred.values()[i] & 0xff;
                assertTrue(v == 0 || v == 255, "binary masks hold 0/255, got " + v);
                if (v == (gt.values()[i] & 0xff)) agree++;
            }
            assertTrue(agree > 0.9 * pred.values().length, name + ": only " + agree + " pixels agree with the truth");
        }
        // A re-run writes nothing new; --force redoes them all.
        long before = Files.getLastModifiedTime(out.resolve("te_000.png")).toMillis();
        Files.delete(images.resolve("broken.jpg"));
        CliRun again = CliRun.of("seg", "predict", "--model", run.toString(), "--images", images.toString(), "-o", out.toString(), "--csv");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains(",4,0,4,0"), again.out());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("te_000.png")).toMillis());
        CliRun swa = CliRun.of("seg", "predict", "--model", run.toString(), "--checkpoint", "swa", "--images", images.toString(),
                "-o", out.toString(), "--force", "--palette", "--csv");
        assertEquals(0, swa.exit(), swa.err());
        assertTrue(swa.out().contains(",4,4,0,0"), swa.out());
        IndexMask pal = ImageDecoder.readMask(out.resolve("te_000.png"));
        for (byte b : pal.values()) assertTrue(b == 0 || b == 1, "palette masks hold class indices");
    }

    /**
     * Three classes from the shapes set: the shape's left half is class 1, its right half class 2;
     * row 0 is void (255, --ignore). A short run must go through the softmax path end to end.
     */
    @Test
    @Order(3)
    void multiClassWithAnIgnoreValueTrainsAndPredictsIndices() throws Exception {
        Path data = tmp.resolve("three");
        for (String split : List.of("train", "val")) {
            Path img = data.resolve(split).resolve("images"), lab = data.resolve(split).resolve("labels");
            Files.createDirectories(img);
            Files.createDirectories(lab);
            try (Stream<Path> files = Files.list(DATA.resolve(split).resolve("labels"))) {
                for (Path m : files.sorted().limit(split.equals("train") ? 8 : 4).toList()) {
                    String stem = m.getFileName().toString().replace(".png", "");
                    Files.copy(DATA.resolve(split).resolve("images").resolve(stem + ".jpg"), img.resolve(stem + ".jpg"));
                    IndexMask src = ImageDecoder.readMask(m);
                    byte[] v = new byte[src.values().length];
                    for (int y = 0; y < src.height(); y++) {
                        for (int x = 0; x < src.width(); x++) {
                            int k = y == 0 ? 255 : src.at(x, y) == 0 ? 0 : x < 32 ? 1 : 2;
                            v[y * src.width() + x] = (byte) k;
                        }
                    }
                    try (OutputStream os = Files.newOutputStream(lab.resolve(stem + ".png"))) {
                        ImageEncoder.writeMaskPng(new IndexMask(src.width(), src.height(), v), null, os);
                    }
                }
            }
        }
        Path multi = tmp.resolve("runs/three");
        CliRun r = CliRun.of("seg", "train", "--data", data.toString(), "--model", "unet-small", "--classes", "3", "--ignore", "255",
                "--input", "64", "--epochs", "2", "--batch", "4", "--seed", "3", "-o", multi.toString(), "--csv");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("0", "1", "2"), Files.readAllLines(multi.resolve("labels.txt")));
        var training = dev.cvpipe.report.Json.MAPPER.readTree(multi.resolve("config.json").toFile()).get("training");
        assertEquals("dice+ce", training.get("loss").asText());
        assertEquals(255, training.get("ignore").asInt());
        Path out = tmp.resolve("masks3");
        CliRun p = CliRun.of("seg", "predict", "--model", multi.toString(), "--images", data.resolve("val/images").toString(),
                "-o", out.toString(), "--csv");
        assertEquals(0, p.exit(), p.err());
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                IndexMask m = ImageDecoder.readMask(f);
                assertEquals(64, m.width());
                for (byte b : m.values()) assertTrue((b & 0xff) <= 2, "class indices 0..2, got " + (b & 0xff));
            }
        }
        // Without --ignore the void row is a value outside 0..2: every pair is a bad input, named by its mask,
        // and with nothing left to train on the run fails instead of finishing with NaN metrics.
        CliRun bad = CliRun.of("seg", "train", "--data", data.toString(), "--model", "unet-small", "--classes", "3",
                "--input", "64", "--epochs", "1", "--batch", "4", "-o", tmp.resolve("runs/noignore").toString(), "--csv");
        assertEquals(ExitCode.FAILURE, bad.exit(), bad.err());
        assertTrue(bad.err().contains("labels/tr_000.png: mask value 255 is not a class 0..2"), bad.err());
        assertTrue(bad.err().contains("cvpipe: error: " + data + ": none of the 8 training images could be read"), bad.err());
    }

    /** With --threads 1, stopping after 2 epochs and resuming to 4 gives the uninterrupted run's numbers, SWA included. */
    @Test
    @Order(4)
    void resumedRunWithSwaMatchesTheUninterruptedOne() throws Exception {
        String[] common = {"seg", "train", "--data", DATA.toString(), "--model", "unet-small", "--input", "32", "--batch", "8",
                "--lr", "3e-3", "--seed", "5", "--threads", "1", "--swa-start", "2", "--csv"};
        Path whole = tmp.resolve("runs/whole"), parts = tmp.resolve("runs/parts");
        CliRun a = CliRun.of(concat(common, "--epochs", "4", "-o", whole.toString()));
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, CliRun.of(concat(common, "--epochs", "2", "-o", parts.toString())).exit());
        CliRun b = CliRun.of(concat(common, "--epochs", "4", "-o", parts.toString(), "--resume"));
        assertEquals(0, b.exit(), b.err());
        assertEquals(withoutTiming(whole), withoutTiming(parts));
        String swaWhole = a.out().strip().split("\n")[1].split(",")[6], swaParts = b.out().strip().split("\n")[1].split(",")[6];
        assertEquals(swaWhole, swaParts);
        assertTrue(Double.parseDouble(swaWhole) > 0, a.out());
    }

    private static List<String> withoutTiming(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1))).toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    @Order(5)
    void aLossThatDoesNotFitTheClassesIsAUsageError() {
        CliRun r = CliRun.of("seg", "train", "--data", DATA.toString(), "--model", "unet-small", "--classes", "1", "--loss", "ce",
                "-o", tmp.resolve("runs/bad").toString());
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("--classes"), r.err());
    }
}
