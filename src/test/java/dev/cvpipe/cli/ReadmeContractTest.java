package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every marked console example of README.md runs against the shipped data and prints what the
 * README shows (see {@link ReadmeContract} for the markers). An example that drifts fails here.
 */
class ReadmeContractTest {
    @TempDir
    Path work;

    @Test
    void everyMarkedReadmeExamplePrintsWhatTheReadmeShows() throws Exception {
        List<ReadmeContract.Block> blocks = ReadmeContract.blocks(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8));
        ReadmeContract.Shell shell = new ReadmeContract.Shell(work);
        List<String> drift = new ArrayList<>();
        int commands = 0;
        for (ReadmeContract.Block b : blocks) {
            switch (b.kind()) {
                case "file" -> {
                    Path f = work.resolve(b.arg());
                    Files.createDirectories(f.toAbsolutePath().getParent());
                    Files.write(f, b.lines(), StandardCharsets.UTF_8);
                }
                case "skip" -> assertFalse(b.arg().isBlank(), "README.md:" + b.line() + ": say why the example is not run");
                default -> {
                    for (ReadmeContract.Step s : ReadmeContract.steps(b)) {
                        commands++;
                        ReadmeContract.Printed p = shell.run(s.command());
                        List<String> expected = s.expected().stream().map(l -> ReadmeContract.normalise(l, null)).toList();
                        List<String> out = trimEnd(p.out().stream().map(l -> ReadmeContract.normalise(l, work)).toList());
                        List<String> err = trimEnd(p.err().stream().map(l -> ReadmeContract.normalise(l, work)).toList());
                        if (!ReadmeContract.interleaves(trimEnd(expected), out, err)) {
                            drift.add("README.md:" + s.line() + ": $ " + s.command() + "\n--- README shows:\n" + String.join("\n", s.expected())
                                    + "\n--- stdout (exit " + p.exit() + "):\n" + String.join("\n", p.out())
                                    + "\n--- stderr:\n" + String.join("\n", p.err()) + "\n");
                        }
                    }
                }
            }
        }
        assertTrue(commands >= 20, "only " + commands + " README commands are marked to run");
        assertEquals("", String.join("\n", drift));
    }

    private static List<String> trimEnd(List<String> lines) {
        int n = lines.size();
        while (n > 0 && lines.get(n - 1).isEmpty()) n--;
        return lines.subList(0, n);
    }

    // The contract's own machinery, so a broken matcher cannot pass drifted examples.

    @Test
    void aChangedNumberOrAMissingLineIsDrift() {
        List<String> out = List.of("id class count", "0 00 3");
        List<String> err = List.of("list.txt:5: bad", "stats: done");
        assertTrue(ReadmeContract.interleaves(List.of("list.txt:5: bad", "id class count", "0 00 3", "stats: done"), out, err));
        assertTrue(ReadmeContract.interleaves(List.of("id class count", "...", "stats: done"), out, err));
        assertFalse(ReadmeContract.interleaves(List.of("id class count", "0 00 4", "list.txt:5: bad", "stats: done"), out, err));
        assertFalse(ReadmeContract.interleaves(List.of("id class count", "0 00 3", "stats: done"), out, err));
        assertFalse(ReadmeContract.interleaves(List.of("0 00 3", "id class count", "list.txt:5: bad", "stats: done"), out, err));
    }

    @Test
    void normalisingKeepsNumbersButNotTimesPaddingOrTheWorkingFolder() {
        Path w = Path.of("/tmp/junit1");
        assertEquals("epoch 2/30 loss 1.5060 lr 0.00501 # *best",
                ReadmeContract.normalise("epoch 2/30  loss 1.5060  lr 0.00501  0.7s 341.0 img/s  *best", w));
        assertEquals("runs/cnn 30 0.0227", ReadmeContract.normalise("/tmp/junit1/runs/cnn      30  0.0227", w));
        assertEquals("-> /tmp/cat12-split", ReadmeContract.normalise("-> /tmp/junit1/tmp/cat12-split", w));
        assertEquals("unchanged since #", ReadmeContract.normalise("unchanged since 2026-11-25T10:31:46Z", w));
        assertEquals("bash ran 0 # it has no earlier success", ReadmeContract.normalise("bash  ran        0      0.2  it has no earlier success", w));
        // the SWA BN pass's time varies with the machine's load (0.2s on a quiet one, 0.3s on a busy one)
        assertEquals("swa: BN statistics recomputed for the averaged weights over 24 training images in 3 batches (#)",
                ReadmeContract.normalise("swa: BN statistics recomputed for the averaged weights over 24 training images in 3 batches (0.3s)", w));
    }

    @Test
    void sessionsSplitIntoCommandsWithTheirOutput() {
        var b = new ReadmeContract.Block("run", "", 10, List.of(
                "$ bin/cvpipe seg metrics --pred a \\", "    --classes 2", "acc:  0.9", "x: y   <- stderr", "$ echo $?", "3"));
        List<ReadmeContract.Step> s = ReadmeContract.steps(b);
        assertEquals(2, s.size());
        assertEquals("bin/cvpipe seg metrics --pred a --classes 2", s.get(0).command());
        assertEquals(List.of("acc:  0.9", "x: y"), s.get(0).expected());
        assertEquals(15, s.get(1).line());
        assertEquals(List.of("inspect", "m/a.png", "m/b.jpg", "run", "x y"), ReadmeContract.words("inspect m/{a.png,b.jpg} run 'x y'   # note"));
    }
}
