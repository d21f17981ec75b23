package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the pipeline issue: `bin/cvpipe demo` from a fresh copy of the install
 * (bin/, pipelines/, test-data/, the built jar), then `cvpipe run` of the same pipeline skips every
 * step, and touching one input re-runs only the steps downstream of it.
 */
class DemoIT {
    private static final Path ROOT = Launcher.projectRoot();

    @TempDir
    Path copy;

    @Test
    void demoFromAFreshCopyThenSkipsThenRerunsDownstreamOfATouchedInput() throws Exception {
        var help = Launcher.run(ROOT, ROOT, 60, "--help");
        Assumptions.assumeTrue(help.out().contains(" train ") && help.out().contains(" predict ")
                        && Files.isDirectory(ROOT.resolve("test-data/cat12-mini")),
                "the demo's step commands and test-data/cat12-mini are not on this branch yet");

        copyTree(ROOT.resolve("bin"), copy.resolve("bin"));
        copyTree(ROOT.resolve("pipelines"), copy.resolve("pipelines"));
        copyTree(ROOT.resolve("test-data/cat12-mini"), copy.resolve("test-data/cat12-mini"));
        Files.createDirectories(copy.resolve("target"));
        Files.copy(ROOT.resolve("target/cvpipe.jar"), copy.resolve("target/cvpipe.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(copy.resolve("target/lib"), ROOT.resolve("target/lib")); // 160 MB of TensorFlow: link, don't copy

        var demo = Launcher.run(copy, copy, 600, "demo");
        assertTrue(demo.exit() == 0 || demo.exit() == 3, "demo exit " + demo.exit() + "\n" + demo.err());
        for (String f : List.of("demo-out/result.csv", "demo-out/classes.svg", "demo-out/run/curves.svg", "demo-out/run/metrics.csv")) {
            assertTrue(Files.size(copy.resolve(f)) > 0, f);
            assertTrue(demo.out().contains(f), "demo prints where " + f + " is:\n" + demo.out());
        }

        var again = Launcher.run(copy, copy, 300, "run", "pipelines/demo.yaml", "--json");
        assertEquals(demo.exit(), again.exit(), again.err());
        Map<String, String> actions = actions(again.out());
        assertTrue(actions.values().stream().allMatch("skip"::equals), "second run skips every step: " + actions);

        Path list = copy.resolve("test-data/cat12-mini/train_list.txt");
        Files.setLastModifiedTime(list, FileTime.fromMillis(Files.getLastModifiedTime(list).toMillis() + 60_000));
        var touched = Launcher.run(copy, copy, 600, "run", "pipelines/demo.yaml", "--json");
        Map<String, String> after = actions(touched.out());
        assertEquals("skip", after.get("inspect"), touched.err());
        assertEquals("skip", after.get("to-rgb-train"));
        assertEquals("skip", after.get("to-rgb-test"));
        assertEquals("ran", after.get("split"), "split reads train_list.txt");
    }

    @Test
    void aPipelineWithABadInputExits3AndStillDoesOnTheSkippingRerun() throws Exception {
        var help = Launcher.run(ROOT, ROOT, 60, "--help");
        Assumptions.assumeTrue(help.out().contains(" to-rgb "), "to-rgb is not on this branch yet");
        Path images = Files.createDirectories(copy.resolve("images"));
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", images.resolve("good.png").toFile());
        Files.write(images.resolve("empty.jpg"), new byte[0]);
        Files.writeString(copy.resolve("p.yaml"), """
                vars: {out: out}
                steps:
                  - name: rgb
                    run: to-rgb images -o ${out}/rgb
                """);
        var first = Launcher.run(ROOT, copy, 120, "run", "p.yaml");
        assertEquals(3, first.exit(), first.err());
        assertTrue(first.err().contains("empty.jpg: "), "the bad file is reported as PATH: reason\n" + first.err());
        assertTrue(Files.exists(copy.resolve("out/rgb/good.png")));
        var again = Launcher.run(ROOT, copy, 120, "run", "p.yaml", "--json");
        assertEquals(3, again.exit(), again.err());
        assertEquals("skip", actions(again.out()).get("rgb"));
    }

    private static Map<String, String> actions(String json) throws IOException {
        JsonNode doc = Json.MAPPER.readTree(json);
        Map<String, String> m = new LinkedHashMap<>();
        doc.get("steps").forEach(s -> m.put(s.get("step").asText(), s.get("action").asText()));
        return m;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
