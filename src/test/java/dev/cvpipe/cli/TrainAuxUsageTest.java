package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.train.SplitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --aux where it cannot apply is a usage error (exit 2) that says what to change, before any training starts. */
class TrainAuxUsageTest {
    @TempDir
    Path tmp;

    @Test
    void auxOnAModelWithoutAuxHeadIsAUsageError() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 1);
        CliRun r = CliRun.of("train", "--data", split.toString(), "--model", "resnet18", "--input", "64", "--epochs", "1",
                "--aux", "-o", tmp.resolve("run").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--aux: only inception-v3 has an auxiliary head, not resnet18"), r.err());
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is written for a usage error");
    }

    @Test
    void auxOnASmallInceptionInputSaysToLeaveOutAux() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 1);
        CliRun r = CliRun.of("train", "--data", split.toString(), "--model", "inception-v3", "--input", "298x299", "--epochs", "1",
                "--aux", "-o", tmp.resolve("run").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--aux") && r.err().contains("299") && r.err().contains("298x299"), r.err());
        assertFalse(r.err().contains("--no-aux"), "train has no --no-aux option: " + r.err());
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is written for a usage error");
    }
}
