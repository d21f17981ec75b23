package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI contract for scripts: with --json, stdout of every reporting command is one JSON
 * document and nothing else (logs and progress stay on stderr). One chain over the bundled
 * cat12-mini set, so each command reads what the previous one wrote, as in a pipeline.
 */
class JsonOutputTest {
    private static final Path DATA = Path.of("test-data/cat12-mini");

    @TempDir
    Path dir;

    private static JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertTrue(r.exit() == ExitCode.OK || r.exit() == ExitCode.BAD_INPUTS, String.join(" ", args) + " -> " + r.exit() + "\n" + r.err());
        JsonNode n = Json.MAPPER.readTree(r.out());
        assertTrue(n.isObject() || n.isArray(), String.join(" ", args) + " printed " + r.out());
        // readTree stops after the first document: make sure nothing else was printed after it
        assertEquals(Json.MAPPER.writeValueAsString(n).replaceAll("\\s", ""), r.out().replaceAll("\\s", ""),
                String.join(" ", args) + ": stdout holds more than one JSON document");
        return n;
    }

    @Test
    void everyReportingCommandPrintsOneJsonDocument() throws Exception {
        String rgb = dir.resolve("rgb/cat_12_train").toString(); // the list names cat_12_train/x.jpg
        String split = dir.resolve("split").toString();
        String run = dir.resolve("run").toString();
        String result = dir.resolve("result.csv").toString();

        assertEquals(264, json("inspect", DATA.resolve("cat_12_train").toString(), DATA.resolve("cat_12_test").toString(), "--json").size());
        json("to-rgb", DATA.resolve("cat_12_train").toString(), "-o", rgb, "--format", "jpeg", "--json");
        json("split", "--list", DATA.resolve("train_list.txt").toString(), "--images", rgb, "-o", split, "--val", "0.2", "--json");
        json("stats", split, "--json");
        assertEquals(25557032L, json("model", "summary", "resnet50", "--json").get("params").asLong());
        json("model", "list", "--json");
        json("train", "--data", split, "--model", "cnn-small", "-o", run, "--epochs", "1", "--input", "32", "--json");
        json("predict", "--model", run, "--images", DATA.resolve("cat_12_test").toString(), "-o", result, "--json");
        json("eval", "--pred", result, "--truth", DATA.resolve("test_truth.csv").toString(), "--json");
        JsonNode seg = json("seg", "metrics", "--pred", "test-data/seg-metrics/binary/pred", "--gt", "test-data/seg-metrics/binary/gt",
                "--classes", "2", "--json");
        assertTrue(seg.has("miou") && seg.has("fwavacc"), seg.toString());
        json("run", "pipelines/demo.yaml", "-D", "out=" + dir.resolve("demo"), "--dry-run", "--json");
    }
}
