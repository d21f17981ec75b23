package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.train.SplitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --freeze-backbone / --backbone-lr-mult / --normalize and model export --format through the CLI. */
class FineTuneCliTest {
    @TempDir
    Path tmp;

    @Test
    void freezeThenThawIsLoggedAndRecorded() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 2);
        Path run = tmp.resolve("run");
        CliRun r = CliRun.of("train", "--data", split.toString(), "--model", "cnn-small", "--input", "16", "--epochs", "2",
                "--freeze-backbone", "1", "--backbone-lr-mult", "0.1", "--normalize", "unit", "--augment", "none",
                "--threads", "1", "-o", run.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("train: backbone frozen for epochs 1-1"), r.err());
        assertTrue(r.err().contains("train: epoch 2: backbone unfrozen, everything trains (backbone at lr x 0.1)"), r.err());
        assertFalse(r.err().contains("never trains"), r.err());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"normalize\" : \"unit\""), config);
        assertTrue(config.contains("0.003921569"), "scale 1/255: " + config);
        assertTrue(config.contains("\"freeze_backbone\" : 1") && config.contains("\"backbone_lr_mult\" : 0.1"), config);

        // cnn-small has no torchvision counterpart: exit 1, nothing written; an unknown format is a usage error.
        CliRun e = CliRun.of("model", "export", run.toString(), "--format", "pth", "-o", tmp.resolve("x.pth").toString());
        assertEquals(1, e.exit());
        assertTrue(e.err().contains("cnn-small has no torchvision / smp counterpart"), e.err());
        assertFalse(Files.exists(tmp.resolve("x.pth")));
        assertEquals(2, CliRun.of("model", "export", run.toString(), "--format", "onnx", "-o", tmp.resolve("x").toString()).exit());
    }

    @Test
    void aFreezeCoveringEveryEpochIsAnnounced() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 1);
        CliRun r = CliRun.of("-q", "train", "--data", split.toString(), "--model", "cnn-small", "--input", "16", "--epochs", "1",
                "--freeze-backbone", "1", "--augment", "none", "--threads", "1", "-o", tmp.resolve("run").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("train: --freeze-backbone 1 covers all 1 epochs: the backbone never trains; --resume with --epochs 2 or more unfreezes it"), r.err());
    }

    @Test
    void badValuesAreUsageErrors() {
        CliRun r = CliRun.of("train", "--data", tmp.toString(), "--model", "cnn-small", "--backbone-lr-mult", "-1", "-o", tmp.resolve("r").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--backbone-lr-mult must be a number >= 0"), r.err());
        CliRun n = CliRun.of("train", "--data", tmp.toString(), "--model", "cnn-small", "--normalize", "caffe", "-o", tmp.resolve("r").toString());
        assertEquals(2, n.exit());
        assertTrue(n.err().contains("--normalize must be imagenet, inception, unit or x3.2, got 'caffe'"), n.err());
    }
}
