package dev.cvpipe.model.darknet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvpipe.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every cfg in ../shared/darknet-cfg (skipped when absent) either summarises or fails with
 * "FILE:LINE: reason"; the yolo, resnet and darknet families must all summarise.
 */
class DarknetCorpusTest {
    /** ../shared beside the checkout (CI); -Dcvpipe.shared=DIR points elsewhere (a worktree). */
    static final Path CORPUS = Path.of(System.getProperty("cvpipe.shared", "../shared"), "darknet-cfg");
    static final Pattern NAMED_LINE = Pattern.compile("^\\S+\\.cfg:\\d+: .+");
    static final Pattern MUST_WORK = Pattern.compile("(?i).*(yolo|resne|darknet).*\\.cfg");

    @Test
    void everyCfgSummarisesOrNamesItsLine() throws Exception {
        assumeTrue(Files.isDirectory(CORPUS), "no ../shared/darknet-cfg here");
        List<Path> cfgs;
        try (Stream<Path> s = Files.walk(CORPUS)) {
            cfgs = s.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
        }
        assertTrue(cfgs.size() > 100, "corpus found: " + cfgs.size());
        List<String> problems = new ArrayList<>();
        int ok = 0;
        for (Path cfg : cfgs) {
            try {
                ModelSpec spec = DarknetCfg.read(cfg);
                assertTrue(spec.params() > 0 && spec.bflops() > 0, cfg.toString());
                ok++;
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage();
                System.out.println("FAILS " + msg);
                if (!NAMED_LINE.matcher(msg).matches() || !msg.startsWith(cfg.toString())) problems.add(cfg + ": reason without file:line: " + msg);
                else if (MUST_WORK.matcher(cfg.getFileName().toString()).matches()) problems.add(cfg + " must summarise: " + msg);
            }
        }
        System.out.println("darknet corpus: " + ok + " of " + cfgs.size() + " cfgs summarise");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
