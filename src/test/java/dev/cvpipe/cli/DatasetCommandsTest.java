package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Log.setStream(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        Log.setStream(System.err);
        Log.setLevel(Log.Level.NORMAL);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return cl.execute(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path fixture() throws IOException {
        Path images = Files.createDirectories(dir.resolve("cat_12_train"));
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                Files.writeString(images.resolve("c" + c + "_" + i + ".jpg"), "x");
                sb.append("cat_12_train/c").append(c).append('_').append(i).append(".jpg\t").append(c).append("\r\n");
            }
        }
        sb.append("cat_12_train/gone.jpg\t1\r\n"); // line 13: missing
        Path list = dir.resolve("train_list.txt");
        Files.writeString(list, sb.toString());
        return list;
    }

    @Test
    void splitExitsThreeAfterReportingTheBadLineAndPrintsTheTable() throws IOException {
        Path list = fixture();
        Path o = dir.resolve("out");
        int code = run("split", "--list", list.toString(), "--images", dir.resolve("cat_12_train").toString(),
                "-o", o.toString(), "--val", "1", "--num-classes", "3");
        assertEquals(ExitCode.BAD_INPUTS, code, stderr());
        assertTrue(stderr().contains(list + ":13: 'cat_12_train/gone.jpg' not found in "), stderr());
        assertEquals("""
                id  class  train  val  test  total
                 0  0          3    1     0      4
                 1  1          3    1     0      4
                 2  2          3    1     0      4
                """, stdout());
        assertEquals(9, Files.readAllLines(o.resolve("train_list.txt")).size());

        assertEquals(ExitCode.BAD_INPUTS, run("split", "--list", list.toString(), "--images",
                dir.resolve("cat_12_train").toString(), "-o", o.toString(), "--val", "1", "--num-classes", "3"));
        assertTrue(stderr().contains("nothing to do"), stderr());

        assertEquals(ExitCode.FAILURE, run("split", "--list", list.toString(), "--images",
                dir.resolve("cat_12_train").toString(), "-o", o.toString(), "--val", "2", "--num-classes", "3"));
        assertTrue(stderr().contains("other arguments (val 1 -> 2)"), stderr());
    }

    @Test
    void strictStopsWithExitOne() throws IOException {
        Path list = fixture();
        assertEquals(ExitCode.FAILURE, run("split", "--strict", "--list", list.toString(), "--images",
                dir.resolve("cat_12_train").toString(), "-o", dir.resolve("out").toString()));
        assertFalse(Files.exists(dir.resolve("out")));
        assertEquals("", stdout());
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        Path list = fixture();
        assertEquals(ExitCode.USAGE, run("split", "--list", list.toString(), "-o", "x"));
        assertEquals(ExitCode.USAGE, run("split", "--list", list.toString(), "--images", "i", "--from-folders", "f", "-o", "x"));
        assertEquals(ExitCode.USAGE, run("split", "--from-folders", "f", "-o", "x", "--val", "1.5"));
        assertEquals(ExitCode.USAGE, run("split", "--from-folders", "f", "-o", "x", "--mode", "teleport"));
        assertEquals(ExitCode.USAGE, run("stats", "x", "--chart", "c.jpg"));
    }

    @Test
    void statsOnAListAsJsonAndWithAChart() throws IOException {
        Path list = fixture();
        Path chart = dir.resolve("c.svg");
        // the missing file is a bad input (as in split), not counted, even when no image is read
        assertEquals(ExitCode.BAD_INPUTS, run("stats", list.toString(), "--json", "--no-images", "--chart", chart.toString()));
        JsonNode j = Json.MAPPER.readTree(stdout());
        assertTrue(j.path("images").isMissingNode());
        assertEquals(12, j.path("total").asInt());
        assertEquals(1.0, j.path("imbalance_ratio").asDouble(), 1e-12); // 4 / 4
        assertEquals(4, j.path("per_class").get(1).path("count").asInt());
        assertTrue(Files.readString(chart).contains("<svg"));
        assertTrue(stderr().startsWith(list + ":13: 'cat_12_train/gone.jpg' not found in " + dir + "\n"), stderr());

        // with the image summary, the 12 one-byte "images" are bad inputs too
        assertEquals(ExitCode.BAD_INPUTS, run("stats", list.toString(), "--json"));
        j = Json.MAPPER.readTree(stdout());
        assertEquals(0, j.path("images").path("inspected").asInt());
        assertEquals(12, j.path("images").path("unreadable").asInt());
    }

    @Test
    void statsWithImagesNamedLikeTheListsFolderFindsTheFilesAndReportsTheMissingOneByItsLine() throws IOException {
        // README: a list of cat_12_train/NAME lines read with --images .../cat_12_train
        Path list = fixture();
        Path images = dir.resolve("cat_12_train");
        assertEquals(ExitCode.BAD_INPUTS, run("stats", list.toString(), "--images", images.toString(), "--no-images", "--csv"));
        assertTrue(stdout().contains("\n\"\",total,12,1.0\n"), stdout());
        assertEquals(list + ":13: 'cat_12_train/gone.jpg' not found in " + images + "\n", stderr());
    }
}
