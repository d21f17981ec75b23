package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.pipeline.PipelineParser;
import dev.cvpipe.report.Json;
import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cvpipe run} end to end in this JVM, with the real commands ({@code completion} writes a known file). */
class RunCommandTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {}

    private static Result cvpipe(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Log.setStream(errStream);
        try {
            var cl = Main.commandLine();
            cl.setErr(new java.io.PrintWriter(errStream, true));
            Log.setLevel(Log.Level.NORMAL);
            int rc = cl.execute(args);
            return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(systemOut);
            Log.setStream(System.err);
            Log.setLevel(Log.Level.NORMAL);
        }
    }

    private Path pipeline(String body) throws IOException {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, "vars:\n  out: " + dir.resolve("out") + "\n" + body);
        return p;
    }

    private static final String TWO_STEPS = """
            steps:
              - name: bash
                run: completion bash
                stdout: ${out}/cvpipe.bash
              - name: zsh
                run: [completion, zsh]
                stdout: ${out}/cvpipe.zsh
            results:
              script: ${out}/cvpipe.bash
            """;

    @Test
    void runTwiceSecondSkipsAndJsonParses() throws IOException {
        Path p = pipeline(TWO_STEPS);
        Result first = cvpipe("run", p.toString());
        assertEquals(0, first.exit(), first.err());
        String script = Files.readString(dir.resolve("out/cvpipe.bash"));
        assertTrue(script.startsWith("#!/usr/bin/env bash"), "the step's stdout went to its file");
        assertTrue(script.contains("complete -F _complete_cvpipe"));
        assertTrue(first.out().startsWith("step "), "the run's own table on stdout: " + first.out());
        assertFalse(first.out().contains("#!/usr/bin/env bash"), "step output never reaches the run's stdout");
        assertTrue(first.err().contains("[1/2] bash: cvpipe completion bash"), first.err());
        assertTrue(first.err().contains("script: " + dir.resolve("out/cvpipe.bash")), first.err());

        Result second = cvpipe("run", p.toString(), "--json");
        assertEquals(0, second.exit(), second.err());
        JsonNode doc = Json.MAPPER.readTree(second.out());
        assertEquals(false, doc.get("dry_run").asBoolean());
        List<String> actions = new ArrayList<>();
        doc.get("steps").forEach(s -> actions.add(s.get("action").asText()));
        assertEquals(List.of("skip", "skip"), actions);
        assertEquals(dir.resolve("out/cvpipe.bash").toString(), doc.get("results").get("script").asText());
    }

    @Test
    void dryRunJsonIsThePlanAndRunsNothing() throws IOException {
        Path p = pipeline(TWO_STEPS);
        Result r = cvpipe("run", p.toString(), "--dry-run", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertTrue(doc.get("dry_run").asBoolean());
        assertEquals("bash", doc.get("steps").get(0).get("step").asText());
        assertEquals("run", doc.get("steps").get(0).get("action").asText());
        assertEquals("completion bash", doc.get("steps").get(0).get("command").asText());
        assertEquals(4, doc.get("steps").get(0).get("line").asInt(), "line of the step in the file (vars take lines 1-2)");
        assertEquals(dir.resolve("out/cvpipe.bash").toString(), doc.get("steps").get(0).get("outputs").get(0).asText());
        assertFalse(Files.exists(dir.resolve("out")), "a dry run writes nothing");
    }

    @Test
    void anUnknownOptionInAStepIsAUsageErrorNamingStepAndLine() throws IOException {
        Path p = pipeline("""
                steps:
                  - name: bash
                    run: completion bash
                    stdout: ${out}/a
                  - name: bad
                    run: completion --shell bash
                """);
        Result r = cvpipe("run", p.toString());
        assertEquals(ExitCode.USAGE, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains(p + ":8: step 'bad': cvpipe completion: Unknown option: '--shell'"), r.err());
        assertFalse(Files.exists(dir.resolve("out/a")), "nothing ran");
    }

    @Test
    void usageErrorsExit2() throws IOException {
        Path p = pipeline(TWO_STEPS);
        assertEquals(ExitCode.USAGE, cvpipe("run").exit());
        assertEquals(ExitCode.USAGE, cvpipe("run", p.toString(), "--only", "nope").exit());
        assertEquals(ExitCode.USAGE, cvpipe("run", p.toString(), "-D", "nope=1").exit());
        assertEquals(ExitCode.FAILURE, cvpipe("run", dir.resolve("missing.yaml").toString()).exit());
        // a pipeline file that is not UTF-8 is the user's file to fix: FILE:LINE, exit 2
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "steps:\n  - name: caf\u00e9\n    run: inspect x\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Result r = cvpipe("run", latin1.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertEquals("cvpipe: " + latin1 + ":2: not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8)", r.err().strip());
    }

    @Test
    void completionBashPrintsTheScript() {
        Result r = cvpipe("completion", "bash");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"));
        String commands = r.out().lines().filter(l -> l.contains("local commands=\"")).findFirst().orElse("");
        for (String c : new String[] {"run", "demo", "completion"}) {
            assertTrue(commands.matches(".*[\" ]" + c + "[\" ].*"), "lists the subcommand " + c + ": " + commands);
        }
        assertEquals(ExitCode.USAGE, cvpipe("completion", "fish").exit());
    }

    /**
     * Once every command of the shipped pipelines is registered (after the merge), each pipeline must
     * pass the same check {@code cvpipe run} makes before running: no unknown command or option.
     */
    @Test
    void shippedPipelinesMatchTheRealCommands() throws IOException {
        var names = Main.commandLine().getSubcommands().keySet();
        Assumptions.assumeTrue(names.containsAll(List.of("inspect", "to-rgb", "split", "stats", "train", "predict", "seg")),
                "the step commands are not all registered on this branch yet");
        for (String name : List.of("demo", "cat12", "seg-demo")) {
            var pipeline = PipelineParser.parse(Path.of("pipelines", name + ".yaml"), Map.of("out", dir.toString()));
            var commands = new PicocliStepCommands();
            for (var step : pipeline.steps()) commands.check(step.args());
        }
    }
}
