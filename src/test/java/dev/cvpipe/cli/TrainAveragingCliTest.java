package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import dev.cvpipe.train.EpochMetrics;
import dev.cvpipe.train.SplitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --ema --swa-start on cnn-small (BN) at 32x32, --threads 1: the EMA's columns and
 * checkpoint, resume continuing EMA and SWA exactly, and predict --checkpoint ema|swa scoring the
 * validation images exactly as training scored them (so the saved EMA and the SWA weights with
 * their recomputed BN statistics are what predict loads).
 */
class TrainAveragingCliTest {
    @TempDir
    Path tmp;

    private static String[] train(Path split, Path run, int epochs, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", split.toString(), "--model", "cnn-small", "--input", "32",
                "--epochs", Integer.toString(epochs), "--batch", "32", "--lr", "0.01", "--threads", "1", "--seed", "3",
                "--ema", "0.9", "--swa-start", "2", "-o", run.toString(), "--csv"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<String> deterministic(Path run) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) {
            String[] f = line.split(",", -1);
            out.add(String.join(",", Arrays.copyOf(f, f.length - EpochMetrics.TIMING_COLUMNS)));
        }
        return out;
    }

    /** eval's accuracy of predict --checkpoint WHICH on the validation list. */
    private double predictedValAccuracy(Path split, Path run, String which) throws Exception {
        Path result = tmp.resolve(which + ".csv");
        Path paths = split.resolve("val_paths.txt");
        Files.write(paths, Files.readAllLines(split.resolve("val_list.txt")).stream().map(l -> l.split(" ")[0]).toList());
        CliRun p = CliRun.of("predict", "--model", run.toString(), "--checkpoint", which, "--list", paths.toString(),
                "-o", result.toString(), "--threads", "1");
        assertEquals(0, p.exit(), p.err());
        CliRun e = CliRun.of("eval", "--pred", result.toString(), "--truth", split.resolve("val_list.txt").toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        return Json.MAPPER.readTree(e.out()).get("accuracy").asDouble();
    }

    @Test
    void emaAndSwaAreScoredSavedResumedAndPredicted() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 2);
        Path whole = tmp.resolve("whole"), parts = tmp.resolve("parts");
        CliRun a = CliRun.of(train(split, whole, 3));
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, CliRun.of(train(split, parts, 2)).exit());
        CliRun b = CliRun.of(train(split, parts, 3, "--resume"));
        assertEquals(0, b.exit(), b.err());

        List<String> rows = deterministic(whole);
        assertEquals("epoch,train_loss,train_acc,val_loss,val_acc,val_macro_f1,lr,ema_val_loss,ema_val_acc,ema_val_macro_f1", rows.get(0));
        assertEquals(4, rows.size());
        assertEquals(rows, deterministic(parts), "the resumed run continues the EMA exactly");
        assertEquals(a.out().replace(whole.toString(), "RUN"), b.out().replace(parts.toString(), "RUN"), "same best, EMA and SWA rows");

        // The EMA starts as the initial weights and moves by 0.1 of the way each step: after one epoch it differs from the weights.
        String[] first = rows.get(1).split(",");
        assertTrue(!first[3].equals(first[7]), rows.get(1));

        JsonNode ptr = Json.MAPPER.readTree(whole.resolve("checkpoints.json").toFile());
        assertTrue(ptr.has("ema") && ptr.has("swa"), ptr.toString());
        assertEquals(0.9, Json.MAPPER.readTree(whole.resolve("config.json").toFile()).get("training").get("ema").asDouble());

        // run,epochs,best_epoch,val_loss,val_acc,val_macro_f1: the (ema) row's best_epoch is the EMA's best epoch.
        String[] emaRow = a.out().lines().filter(l -> l.contains("(ema)")).findFirst().orElseThrow().split(",");
        String[] swaRow = a.out().lines().filter(l -> l.contains("(swa)")).findFirst().orElseThrow().split(",");
        int emaEpoch = Integer.parseInt(emaRow[2]);
        assertEquals(Double.parseDouble(rows.get(emaEpoch).split(",")[8]), Double.parseDouble(emaRow[4]));
        assertEquals(Double.parseDouble(emaRow[4]), predictedValAccuracy(split, whole, "ema"), 1e-12);
        assertEquals(Double.parseDouble(swaRow[4]), predictedValAccuracy(split, whole, "swa"), 1e-12);
        assertTrue(a.err().contains("swa: BN statistics recomputed for the averaged weights over 216 training images in 7 batches"), a.err());

        String[] args = train(split, parts, 4, "--resume");
        args[Arrays.asList(args).indexOf("0.9")] = "0.5";
        CliRun changed = CliRun.of(args);
        assertEquals(ExitCode.FAILURE, changed.exit());
        assertTrue(changed.err().contains("was trained with --ema 0.9, --swa-start 2; resume it with the same options"), changed.err());
    }
}
