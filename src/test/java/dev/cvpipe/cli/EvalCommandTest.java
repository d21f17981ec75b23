package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    static final double EPS = 1e-12;

    // (truth, pred): a(0,0) b(0,1) c(1,1) d(1,1) e(2,2) f(2,0) g(2,2); h.jpg only in truth,
    // x.jpg only predicted. Matrix rows 0:[1 1 0] 1:[0 2 0] 2:[1 0 2], cols 2 3 2.
    // accuracy 5/7; precision 1/2 2/3 1; recall 1/2 1 2/3; f1 1/2 4/5 4/5; macro-F1 0.7.
    static final String RESULT = "a.jpg,0\nb.jpg,1\nc.jpg,1\nd.jpg,1\ne.jpg,2\nf.jpg,0\ng.jpg,2\nx.jpg,1\n";
    static final String LIST = "test/a.jpg 0\ntest/b.jpg 0\ntest/c.jpg 1\ntest/d.jpg 1\ntest/e.jpg 2\n"
            + "test/f.jpg 2\ntest/g.jpg 2\ntest/h.jpg 0\n";

    @TempDir
    Path dir;

    private CliRun eval(String truthText, String truthName, String... more) throws IOException {
        Path result = Files.writeString(dir.resolve("result.csv"), RESULT);
        Path truth = Files.writeString(dir.resolve(truthName), truthText);
        String[] base = {"eval", "--pred", result.toString(), "--truth", truth.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void paddleListTruthGivesHandComputedScores() throws IOException {
        CliRun r = eval(LIST, "test_list.txt", "--json");
        assertEquals(ExitCode.BAD_INPUTS, r.exit(), r.err());
        assertTrue(r.err().contains("h.jpg: in "), r.err());
        assertTrue(r.err().contains("x.jpg: in " + dir.resolve("result.csv") + " but not in"), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals(7, j.get("images").asInt());
        assertEquals(5.0 / 7, j.get("accuracy").asDouble(), EPS);
        assertEquals(0.7, j.get("macro_f1").asDouble(), EPS);
        JsonNode c0 = j.get("per_class").get(0);
        assertEquals("0", c0.get("class").asText());
        assertEquals(0.5, c0.get("precision").asDouble(), EPS);
        assertEquals(0.5, c0.get("recall").asDouble(), EPS);
        JsonNode c2 = j.get("per_class").get(2);
        assertEquals(1.0, c2.get("precision").asDouble(), EPS);
        assertEquals(2.0 / 3, c2.get("recall").asDouble(), EPS);
        assertEquals(0.8, c2.get("f1").asDouble(), EPS);
        assertEquals("[[1,1,0],[0,2,0],[1,0,2]]", j.get("confusion_matrix").toString());
    }

    @Test
    void csvTruthWithHeaderAndCsvOutput() throws IOException {
        String csv = "image,label\n" + LIST.replace("test/", "").replace(' ', ',');
        CliRun r = eval(csv, "truth.csv", "--csv");
        assertEquals(ExitCode.BAD_INPUTS, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("class,support,predicted,precision,recall,f1", lines[0]);
        assertEquals("1,2,3,0.6666666666666666,1.0,0.8", lines[2]);
        assertTrue(lines[4].startsWith("macro,7,7,"), r.out());
        String[] macro = lines[4].split(",");
        assertEquals(0.7, Double.parseDouble(macro[5]), EPS);   // macro-F1
        assertEquals(13.0 / 18, Double.parseDouble(macro[3]), EPS);
    }

    @Test
    void chartIsWrittenAsSvgAndPng() throws IOException {
        Path svg = dir.resolve("cm.svg");
        Path png = dir.resolve("cm.png");
        assertEquals(ExitCode.BAD_INPUTS, eval(LIST, "l.txt", "--chart", svg.toString()).exit());
        assertEquals(ExitCode.BAD_INPUTS, eval(LIST, "l.txt", "--chart", png.toString()).exit());
        String s = Files.readString(svg);
        assertTrue(s.startsWith("<svg") || s.contains("<svg "), "an SVG document");
        assertTrue(s.contains(">2<"), "the cell count 2 is drawn");
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertEquals("\u0089PNG", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void rankedPredictionsAddTopFiveAccuracy() throws IOException {
        // predict --topk 6 over classes 0..6: a hit at rank 1, b at rank 5, c only at rank 6 (a top-5 miss), d at rank 1.
        Path ranked = Files.writeString(dir.resolve("top6.csv"),
                "a.jpg,0,1,2,3,4,5\nb.jpg,1,2,3,0,4,5\nc.jpg,1,2,3,0,4,5\nd.jpg,6,5,4,3,2,1\n");
        Path truth = Files.writeString(dir.resolve("truth.txt"), "x/a.jpg 0\nx/b.jpg 4\nx/c.jpg 5\nx/d.jpg 6\n");
        CliRun r = CliRun.of("eval", "--pred", ranked.toString(), "--truth", truth.toString(), "--json");
        assertEquals(ExitCode.OK, r.exit(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals(0.5, j.get("accuracy").asDouble(), EPS);
        assertEquals(0.75, j.get("top5_accuracy").asDouble(), EPS);
        // classes 0,1,4,5,6 (truth or first prediction): b and c are predicted 1
        assertEquals("[[1,0,0,0,0],[0,0,0,0,0],[0,1,0,0,0],[0,1,0,0,0],[0,0,0,0,1]]", j.get("confusion_matrix").toString(), "scored on the first class");

        // Three columns: k = 3, and only a and d are within it.
        Path top3 = Files.writeString(dir.resolve("top3.csv"), "a.jpg,0,1,2\nb.jpg,1,2,3\nc.jpg,1,2,3\nd.jpg,6,5,4\n");
        CliRun t = CliRun.of("eval", "--pred", top3.toString(), "--truth", truth.toString());
        assertTrue(t.out().contains("top3_accuracy    0.5000"), t.out());
        // One class per line: no top-k row.
        assertTrue(!eval(LIST, "l.txt").out().contains("top"), "plain result.csv");
    }

    @Test
    void tableShowsSummaryAndMatrix() throws IOException {
        CliRun r = eval(LIST, "l.txt");
        assertTrue(r.out().contains("macro_f1         0.7000"), r.out());
        assertTrue(r.out().contains("confusion matrix (rows = truth, columns = prediction)"), r.out());
    }
}
