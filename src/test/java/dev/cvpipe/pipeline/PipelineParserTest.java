package dev.cvpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineParserTest {
    private static final Path FILE = Path.of("/work/p/jobs/p.yaml");

    private static Pipeline parse(String yaml, Map<String, String> defines) {
        return PipelineParser.parse(FILE, yaml, defines);
    }

    private static PipelineException error(String yaml) {
        return assertThrows(PipelineException.class, () -> parse(yaml, Map.of()));
    }

    @Test
    void varsSubstituteInOrderAndDashDOverridesBeforeLaterVarsUseIt() {
        String yaml = """
                vars:
                  data: /d
                  out: runs
                  split: ${out}/split
                steps:
                  - name: split
                    run: split --list ${data}/train_list.txt -o ${split} --price $$5
                """;
        Pipeline p = parse(yaml, Map.of());
        assertEquals(List.of("split", "--list", "/d/train_list.txt", "-o", "runs/split", "--price", "$5"), p.steps().get(0).args());
        assertEquals(Path.of("runs/.cvpipe-state"), p.stateDir());

        Pipeline o = parse(yaml, Map.of("out", "/tmp/x"));
        assertEquals(List.of("split", "--list", "/d/train_list.txt", "-o", "/tmp/x/split", "--price", "$5"), o.steps().get(0).args());
        assertEquals("/tmp/x/split", o.vars().get("split"));
        assertEquals(Path.of("/tmp/x/.cvpipe-state"), o.stateDir());
    }

    @Test
    void hereIsThePipelineFilesFolder() {
        Pipeline p = parse("""
                vars: {data: "${here}/../data"}
                steps: [{name: a, run: "inspect ${data}"}]
                """, Map.of());
        assertEquals(List.of("inspect", "/work/p/jobs/../data"), p.steps().get(0).args());
    }

    @Test
    void runIsACommandLineWithShellQuotingOrAList() {
        Pipeline p = parse("""
                vars: {x: "a b"}
                steps:
                  - name: s
                    run: cmd 'one two' "say \\"hi\\"" three\\ four ${x}
                  - name: l
                    run:
                      - cmd
                      - ${x} c
                      - --flag
                    stdout: out.txt
                    inputs: [i1, "${x}"]
                    outputs: o1
                """, Map.of());
        assertEquals(List.of("cmd", "one two", "say \"hi\"", "three four", "a b"), p.steps().get(0).args());
        Step l = p.steps().get(1);
        assertEquals(List.of("cmd", "a b c", "--flag"), l.args());
        assertEquals("out.txt", l.stdout());
        assertEquals(List.of("i1", "a b"), l.inputs());
        assertEquals(List.of("o1"), l.outputs());
        assertNull(p.steps().get(0).inputs(), "no inputs: key means infer them");
        assertEquals(5, l.line());
        assertEquals(7, l.runLine(), "a block list starts at its first item");
    }

    @Test
    void foldedBlockScalarsJoinLines() {
        Pipeline p = parse("""
                steps:
                  - name: train
                    run: >-
                      train --data d
                      --epochs 3
                """, Map.of());
        assertEquals(List.of("train", "--data", "d", "--epochs", "3"), p.steps().get(0).args());
    }

    @Test
    void errorsNameTheLine() {
        PipelineException unknownVar = error("""
                vars: {out: o}
                steps:
                  - name: a
                    run: split -o ${ot}/x
                """);
        assertEquals(4, unknownVar.line());
        assertTrue(unknownVar.getMessage().startsWith(FILE + ":4: unknown variable ${ot}"), unknownVar.getMessage());

        PipelineException unknownKey = error("""
                steps:
                  - name: a
                    run: split
                    ouputs: [x]
                """);
        assertEquals(4, unknownKey.line());
        assertTrue(unknownKey.getMessage().contains("unknown step key 'ouputs'"), unknownKey.getMessage());

        PipelineException twice = error("""
                steps:
                  - name: a
                    run: x
                  - name: a
                    run: y
                """);
        assertEquals(4, twice.line());

        PipelineException quote = error("""
                steps:
                  - name: a
                    run: inspect 'unterminated
                """);
        assertEquals(3, quote.line());

        PipelineException noSteps = error("vars: {a: b}\n");
        assertTrue(noSteps.getMessage().contains("no 'steps:'"), noSteps.getMessage());
    }

    @Test
    void invalidYamlNamesTheLineWhereTheParserStopped() {
        // Line 4 has a mapping value where only a list item may be: SnakeYAML stops there.
        PipelineException e = error("""
                steps:
                  - name: a
                    run: x
                  bad: here
                """);
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void dashDMustNameAVar() {
        var e = assertThrows(PipelineException.class, () -> parse("""
                vars: {out: o}
                steps: [{name: a, run: x}]
                """, Map.of("otu", "z")));
        assertTrue(e.getMessage().contains("-D otu: no such var in the pipeline (vars: out)"), e.getMessage());
    }

    @Test
    void theShippedPipelinesParse() throws IOException {
        for (String name : List.of("demo", "cat12", "seg-demo")) {
            Path f = Path.of("pipelines", name + ".yaml");
            assertTrue(Files.isRegularFile(f), f + " exists");
            Pipeline p = PipelineParser.parse(f, Map.of("out", "/tmp/o"));
            assertEquals(Path.of("/tmp/o/.cvpipe-state"), p.stateDir());
            assertTrue(p.steps().size() >= 3);
            for (String path : p.results().values()) assertTrue(path.startsWith("/tmp/o/"), path);
        }
        Pipeline demo = PipelineParser.parse(Path.of("pipelines/demo.yaml"), Map.of());
        assertEquals(List.of("inspect", "to-rgb-train", "to-rgb-test", "split", "stats", "train", "predict", "eval"), demo.stepNames());
        assertEquals(Path.of("test-data/cat12-mini").toAbsolutePath(),
                Path.of(demo.vars().get("data")).normalize());
    }

    @Test
    void nestedVarsThatExplodeAreRefusedWithTheirLine() {
        // ten copies per level, eight levels: 10^8 characters from a few hundred bytes of YAML
        StringBuilder yaml = new StringBuilder("vars:\n  v0: xxxxxxxxxx\n");
        for (int i = 1; i <= 8; i++) yaml.append("  v").append(i).append(": ").append(("${v" + (i - 1) + "}").repeat(10)).append('\n');
        yaml.append("steps:\n  - name: a\n    run: inspect ${v8}\n");
        PipelineException e = error(yaml.toString());
        // v4 is 10^5 characters, just at the cap; v5 (line 7) would pass it
        assertEquals(7, e.line());
        assertEquals(FILE + ":7: ${v4} expands to more than 100000 characters here (vars nested too deep?)", e.getMessage());
    }

    @Test
    void aPipelineFileThatIsNotUtf8IsAnErrorWithItsLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("p.yaml");
        java.nio.file.Files.write(f, "steps:\n  - name: a\n    run: inspect caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        PipelineException e = assertThrows(PipelineException.class, () -> PipelineParser.parse(f, Map.of()));
        assertEquals(f + ":3: not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8)", e.getMessage());
    }
}
