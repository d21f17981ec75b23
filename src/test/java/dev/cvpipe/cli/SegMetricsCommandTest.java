package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegMetricsCommandTest {
    static final double EPS = 1e-12;

    // The 3-class pair of SegmentationMetricsTest: acc 5/8, iou 2/5 1/2 1/2, miou 7/15,
    // acc_cls 11/18, fwavacc 37/80, class_recall 11/18, f1_score 40/63 (worked out there).
    static final int[] TRUTH = {0, 0, 1, 1, 2, 2, 0, 1};
    static final int[] PRED = {0, 1, 1, 1, 2, 0, 0, 0};

    @TempDir
    Path dir;

    static void gray(Path file, int w, int h, int... v) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, w, h, v);
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    /** A palette PNG whose colours are nothing like their indices. */
    static void palette(Path file, int w, int h, int... v) throws IOException {
        byte[] r = {(byte) 200, 10, 30}, g = {(byte) 100, (byte) 220, 40}, b = {50, 60, (byte) 250};
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b));
        img.getRaster().setPixels(0, 0, w, h, v);
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    static void rgb(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x123456);
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    private JsonNode json(CliRun r) throws IOException {
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void jsonBlockHasExactlyTheSeedsKeysAndHandValues() throws IOException {
        gray(dir.resolve("pred/a.png"), 4, 2, PRED);
        palette(dir.resolve("gt/a.png"), 4, 2, TRUTH);   // read by index, not colour
        CliRun r = CliRun.of("seg", "metrics", "--pred", dir.resolve("pred").toString(),
                "--gt", dir.resolve("gt").toString(), "--classes", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = json(r);
        assertEquals(List.of("acc", "acc_cls", "iou", "miou", "fwavacc", "class_recall", "f1_score"),
                iterable(j.fieldNames()));
        assertEquals(5.0 / 8, j.get("acc").asDouble(), EPS);
        assertEquals(11.0 / 18, j.get("acc_cls").asDouble(), EPS);
        assertEquals(2.0 / 5, j.get("iou").get(0).asDouble(), EPS);
        assertEquals(1.0 / 2, j.get("iou").get(2).asDouble(), EPS);
        assertEquals(7.0 / 15, j.get("miou").asDouble(), EPS);
        assertEquals(37.0 / 80, j.get("fwavacc").asDouble(), EPS);
        assertEquals(11.0 / 18, j.get("class_recall").asDouble(), EPS);
        assertEquals(40.0 / 63, j.get("f1_score").asDouble(), EPS);
    }

    @Test
    void absentClassIsNullInJsonAndNanInTheBlock() throws IOException {
        gray(dir.resolve("pred/a.png"), 4, 2, PRED);
        gray(dir.resolve("gt/a.png"), 4, 2, TRUTH);
        String[] base = {"seg", "metrics", "--pred", dir.resolve("pred").toString(), "--gt", dir.resolve("gt").toString(),
            "--classes", "4"};
        CliRun r = CliRun.of(concat(base, "--json"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(json(r).get("iou").get(3).isNull());
        assertEquals(7.0 / 15, json(r).get("miou").asDouble(), EPS);
        CliRun text = CliRun.of(base);
        assertTrue(text.out().startsWith("acc:  0.625\nacc_cls:  "), text.out());
        assertTrue(text.out().contains("iou:  [0.40000000 0.50000000 0.50000000 nan]\n"), text.out());
    }

    @Test
    void binaryMasksWithIgnoreAndReductions() throws IOException {
        // The binary pair of SegmentationMetricsTest plus, in a second image, an all-ignored truth.
        gray(dir.resolve("pred/a.png"), 4, 2, 0, 200, 100, 255, 1, 0, 255, 0);
        gray(dir.resolve("gt/a.png"), 4, 2, 0, 255, 255, 0, 0, 0, 255, 0);
        gray(dir.resolve("pred/b.png"), 2, 1, 255, 0);
        gray(dir.resolve("gt/b.png"), 2, 1, 77, 77);
        CliRun r = CliRun.of("seg", "metrics", "--pred", dir.resolve("pred").toString(), "--gt", dir.resolve("gt").toString(),
                "--classes", "2", "--ignore", "77", "--reduction", "micro-imagewise", "--json",
                "--per-image", dir.resolve("per.csv").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = json(r);
        assertEquals(5.0 / 8, j.get("acc").asDouble(), EPS);
        assertEquals(2.0 / 3, j.get("class_recall").asDouble(), EPS);   // foreground recall
        assertEquals(4.0 / 7, j.get("f1_score").asDouble(), EPS);       // foreground F1
        // image a: tp = 5, fp = fn = 3 -> iou 5/11; image b: nothing counted -> 1 (smp zero_division)
        assertEquals("micro-imagewise", j.get("smp").get("reduction").asText());
        assertEquals((5.0 / 11 + 1) / 2, j.get("smp").get("iou_score").asDouble(), EPS);
        List<String> per = Files.readAllLines(dir.resolve("per.csv"));
        assertEquals("name,pixels,acc,miou,iou_0,iou_1", per.get(0));
        assertEquals("a,8,0.625,0.45,0.5,0.4", per.get(1));
        assertEquals("b,0,NaN,NaN,NaN,NaN", per.get(2));
    }

    @Test
    void eachBadInputIsOneLineNamingTheFileAndTheRestIsScored() throws IOException {
        Path pred = dir.resolve("pred"), gt = dir.resolve("gt");
        gray(pred.resolve("a.png"), 4, 2, PRED);                // good
        gray(gt.resolve("a.png"), 4, 2, TRUTH);
        gray(pred.resolve("b.png"), 4, 2, PRED);                // size mismatch
        gray(gt.resolve("b.png"), 2, 2, 0, 0, 0, 0);
        gray(pred.resolve("c.png"), 1, 1, 0);                   // prediction only
        gray(gt.resolve("d.png"), 1, 1, 0);                     // truth only
        gray(pred.resolve("e.png"), 2, 1, 0, 7);                // 7 is no class of 3
        gray(gt.resolve("e.png"), 2, 1, 0, 1);
        gray(pred.resolve("f.png"), 1, 1, 0);                   // RGB truth
        rgb(gt.resolve("f.png"), 1, 1);
        CliRun r = CliRun.of("seg", "metrics", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "3",
                "--ignore", "255", "--json");
        assertEquals(ExitCode.BAD_INPUTS, r.exit(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("seg metrics")).toList();
        assertTrue(lines.contains(pred.resolve("b.png") + ": size 4x2 differs from ground truth " + gt.resolve("b.png") + " (2x2)"), r.err());
        assertTrue(has(lines, pred.resolve("c.png") + ": prediction without ground truth"), r.err());
        assertTrue(has(lines, gt.resolve("d.png") + ": ground truth without prediction"), r.err());
        assertTrue(lines.contains(pred.resolve("e.png") + ": value 7 is not a class (expected 0..2 or the ignore label 255)"), r.err());
        assertTrue(has(lines, gt.resolve("f.png") + ": RGB image where an index mask (P or L) is expected"), r.err());
        // only a.png was scored
        assertEquals(5.0 / 8, json(r).get("acc").asDouble(), EPS);
        assertEquals(7.0 / 15, json(r).get("miou").asDouble(), EPS);
    }

    @Test
    void strictStopsAtTheFirstBadInput() throws IOException {
        gray(dir.resolve("pred/a.png"), 2, 1, 0, 9);
        gray(dir.resolve("gt/a.png"), 2, 1, 0, 1);
        CliRun r = CliRun.of("seg", "metrics", "--pred", dir.resolve("pred").toString(), "--gt", dir.resolve("gt").toString(),
                "--classes", "3", "--strict");
        assertEquals(ExitCode.FAILURE, r.exit());
        assertFalse(r.out().contains("acc:"));
    }

    @Test
    void ignoreLabelThatIsAClassIsAUsageError() throws IOException {
        gray(dir.resolve("pred/a.png"), 1, 1, 0);
        gray(dir.resolve("gt/a.png"), 1, 1, 0);
        CliRun r = CliRun.of("seg", "metrics", "--pred", dir.resolve("pred").toString(), "--gt", dir.resolve("gt").toString(),
                "--classes", "3", "--ignore", "2");
        assertEquals(ExitCode.USAGE, r.exit());
    }

    @Test
    void resultsDoNotDependOnTheNumberOfWorkers() throws IOException {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 9; i++) {
            int[] p = new int[64], t = new int[64];
            for (int j = 0; j < 64; j++) {
                p[j] = r.nextInt(3);
                t[j] = r.nextInt(10) == 0 ? 255 : r.nextInt(3);
            }
            gray(dir.resolve("pred/m" + i + ".png"), 8, 8, p);
            gray(dir.resolve("gt/m" + i + ".png"), 8, 8, t);
        }
        String[] base = {"seg", "metrics", "--pred", dir.resolve("pred").toString(), "--gt", dir.resolve("gt").toString(),
            "--classes", "3", "--ignore", "255", "--reduction", "micro-imagewise", "--json", "--workers"};
        CliRun one = CliRun.of(concat(base, "1"));
        CliRun four = CliRun.of(concat(base, "4"));
        assertEquals(0, one.exit(), one.err());
        assertEquals(one.out(), four.out());
    }

    private static boolean has(List<String> lines, String prefix) {
        return lines.stream().anyMatch(l -> l.startsWith(prefix));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
