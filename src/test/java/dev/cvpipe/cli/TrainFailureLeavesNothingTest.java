package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.train.SplitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A train that fails before its first checkpoint must not leave a folder that predict and model export take for a run. */
class TrainFailureLeavesNothingTest {
    @TempDir
    Path tmp;

    @Test
    void aRunThatFailsBeforeItsFirstCheckpointRemovesWhatItWrote() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 1);
        // inception-v3 cannot take 32x32: the graph build fails after config.json and labels.txt were written
        Path run = tmp.resolve("run");
        CliRun r = CliRun.of("-q", "train", "--data", split.toString(), "--model", "inception-v3", "--input", "32", "--epochs", "1",
                "--threads", "1", "-o", run.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("does not fit input"), r.err());
        assertFalse(Files.exists(run), "the folder this run created is gone");

        // a folder that was there before keeps everything but the run's own files
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "mine");
        CliRun again = CliRun.of("-q", "train", "--data", split.toString(), "--model", "inception-v3", "--input", "32", "--epochs", "1",
                "--threads", "1", "-o", mine.toString());
        assertEquals(1, again.exit(), again.err());
        assertEquals("mine", Files.readString(mine.resolve("notes.txt")));
        assertFalse(Files.exists(mine.resolve("config.json")));
        assertFalse(Files.exists(mine.resolve("labels.txt")));
    }
}
