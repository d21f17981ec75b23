package dev.cvpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {
    @TempDir
    Path dir;

    private Path in;
    private Path out;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** first = a, second = b, both = first + second: "both" is downstream of both others. */
    private static final String THREE_STEPS = """
            vars:
              in: IN
              out: OUT
            steps:
              - name: first
                run: cat ${in}/a.txt -o ${out}/first.txt
              - name: second
                run: cat ${in}/b.txt -o ${out}/second.txt
              - name: both
                run: cat ${out}/first.txt ${out}/second.txt -o ${out}/both.txt
            """;

    @BeforeEach
    void setUp() throws IOException {
        in = Files.createDirectories(dir.resolve("in"));
        out = dir.resolve("out");
        Files.writeString(in.resolve("a.txt"), "A");
        Files.writeString(in.resolve("b.txt"), "B");
        FakeCommands.EXECUTED.clear();
        Log.setStream(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        Log.setStream(System.err);
        Log.setLevel(Log.Level.NORMAL);
    }

    private Pipeline pipeline(String yaml) {
        return pipeline(yaml, Map.of());
    }

    private Pipeline pipeline(String yaml, Map<String, String> defines) {
        String text = yaml.replace("IN", in.toString()).replace("OUT", out.toString());
        return PipelineParser.parse(dir.resolve("p.yaml"), text, defines);
    }

    private RunReport run(String yaml, RunOptions o) throws IOException {
        FakeCommands.EXECUTED.clear();
        return new PipelineRunner(FakeCommands.commands()).run(pipeline(yaml), o);
    }

    private RunReport run(String yaml) throws IOException {
        return run(yaml, RunOptions.defaults());
    }

    private static List<String> actions(RunReport r) {
        return r.steps().stream().map(StepOutcome::action).toList();
    }

    private static void touch(Path f, int secondsLater) throws IOException {
        FileTime t = Files.getLastModifiedTime(f);
        Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + secondsLater * 1000L));
    }

    @Test
    void theEngineActsOnTheCliExitCodes() {
        assertEquals(dev.cvpipe.cli.ExitCode.OK, StepCommands.OK);
        assertEquals(dev.cvpipe.cli.ExitCode.BAD_INPUTS, StepCommands.BAD_INPUTS);
    }

    @Test
    void firstRunRunsEverythingSecondRunSkipsEveryStep() throws IOException {
        RunReport r1 = run(THREE_STEPS);
        assertEquals(List.of("cat first.txt", "cat second.txt", "cat both.txt"), FakeCommands.EXECUTED);
        assertEquals(List.of("ran", "ran", "ran"), actions(r1));
        assertEquals(0, r1.exitCode());
        assertEquals("AB", Files.readString(out.resolve("both.txt")));
        assertTrue(Files.isRegularFile(out.resolve(".cvpipe-state/both.json")), "state lives in ${out}/.cvpipe-state");

        RunReport r2 = run(THREE_STEPS);
        assertEquals(List.of(), FakeCommands.EXECUTED);
        assertEquals(List.of("skip", "skip", "skip"), actions(r2));
        assertEquals(0, r2.exitCode());
    }

    @Test
    void inferredInputsAndOutputsFollowTheCommandLine() throws IOException {
        RunReport r = run(THREE_STEPS, new RunOptions(null, null, true, false, false));
        StepOutcome both = r.steps().get(2);
        // Not on disk yet, but written by the steps before it: still inputs.
        assertEquals(List.of(out.resolve("first.txt").toString(), out.resolve("second.txt").toString()), both.inputs());
        assertEquals(List.of(out.resolve("both.txt").toString()), both.outputs());
    }

    @Test
    void touchingOneInputRerunsOnlyTheStepsDownstreamOfIt() throws IOException {
        run(THREE_STEPS);
        touch(in.resolve("a.txt"), 10);
        RunReport r = run(THREE_STEPS);
        assertEquals(List.of("cat first.txt", "cat both.txt"), FakeCommands.EXECUTED);
        assertEquals(List.of("ran", "skip", "ran"), actions(r));
        assertTrue(r.steps().get(0).reason().contains("a.txt changed"), r.steps().get(0).reason());
    }

    @Test
    void withHashATouchedButIdenticalInputRunsNothingAndChangedContentDoes() throws IOException {
        RunOptions hash = new RunOptions(null, null, false, false, true);
        run(THREE_STEPS, hash);
        touch(in.resolve("a.txt"), 10);
        assertEquals(List.of("skip", "skip", "skip"), actions(run(THREE_STEPS, hash)));
        // The refreshed state also satisfies a run without --hash.
        assertEquals(List.of("skip", "skip", "skip"), actions(run(THREE_STEPS)));

        Files.writeString(in.resolve("b.txt"), "C"); // same size, new bytes
        touch(in.resolve("b.txt"), -3600);
        RunReport r = run(THREE_STEPS, hash);
        assertEquals(List.of("cat second.txt", "cat both.txt"), FakeCommands.EXECUTED);
        assertEquals("AC", Files.readString(out.resolve("both.txt")));
        assertEquals(List.of("skip", "ran", "ran"), actions(r));
    }

    @Test
    void aMissingOutputRerunsItsStep() throws IOException {
        run(THREE_STEPS);
        Files.delete(out.resolve("second.txt"));
        RunReport r = run(THREE_STEPS);
        assertEquals("ran", r.steps().get(1).action());
        assertTrue(r.steps().get(1).reason().contains("missing"), r.steps().get(1).reason());
        assertTrue(Files.exists(out.resolve("second.txt")));
    }

    @Test
    void changedArgumentsRerunTheStep() throws IOException {
        run(THREE_STEPS);
        RunReport r = run(THREE_STEPS.replace("cat ${in}/b.txt -o", "cat ${in}/b.txt --repeat 2 -o"));
        assertEquals(List.of("cat second.txt", "cat both.txt"), FakeCommands.EXECUTED);
        assertEquals("ABB", Files.readString(out.resolve("both.txt")));
        assertEquals("its command changed", r.steps().get(1).reason());
    }

    @Test
    void aFolderInputChangesWhenAFileIsAddedToIt() throws IOException {
        String yaml = """
                vars: {in: IN, out: OUT}
                steps:
                  - name: all
                    run: cat ${in} -o ${out}/all.txt
                """;
        run(yaml);
        assertEquals("AB", Files.readString(out.resolve("all.txt")));
        assertEquals(List.of("skip"), actions(run(yaml)));
        Files.writeString(in.resolve("c.txt"), "C");
        assertEquals(List.of("ran"), actions(run(yaml)));
        assertEquals("ABC", Files.readString(out.resolve("all.txt")));
    }

    @Test
    void fromAndOnlySelectSteps() throws IOException {
        run(THREE_STEPS);
        RunReport from = run(THREE_STEPS, new RunOptions("second", null, false, true, false));
        assertEquals(List.of("cat second.txt", "cat both.txt"), FakeCommands.EXECUTED);
        assertEquals(List.of("not-selected", "ran", "ran"), actions(from));

        touch(in.resolve("a.txt"), 10);
        RunReport only = run(THREE_STEPS, new RunOptions(null, List.of("second"), false, false, false));
        assertEquals(List.of(), FakeCommands.EXECUTED, "--only checks just that step, and it is unchanged");
        assertEquals(List.of("not-selected", "skip", "not-selected"), actions(only));

        RunReport onlyFirst = run(THREE_STEPS, new RunOptions(null, List.of("first"), false, false, false));
        assertEquals(List.of("cat first.txt"), FakeCommands.EXECUTED);
        assertEquals(List.of("ran", "not-selected", "not-selected"), actions(onlyFirst));

        var e = assertThrows(IllegalArgumentException.class,
                () -> run(THREE_STEPS, new RunOptions("third", null, false, false, false)));
        assertTrue(e.getMessage().contains("no step named 'third'"), e.getMessage());
    }

    @Test
    void dryRunRunsNothingAndMarksStepsDownstreamOfAChangeAsRunning() throws IOException {
        RunReport fresh = run(THREE_STEPS, new RunOptions(null, null, true, false, false));
        assertEquals(List.of("run", "run", "run"), actions(fresh));
        assertEquals(List.of(), FakeCommands.EXECUTED);
        assertFalse(Files.exists(out.resolve(".cvpipe-state")), "a dry run writes no state");

        run(THREE_STEPS);
        touch(in.resolve("b.txt"), 10);
        RunReport plan = run(THREE_STEPS, new RunOptions(null, null, true, false, false));
        assertEquals(List.of(), FakeCommands.EXECUTED);
        assertEquals(List.of("skip", "run", "run"), actions(plan));
        assertEquals("reads the output of step 'second', which runs", plan.steps().get(2).reason());
    }

    @Test
    void aFailingStepStopsTheRunWithItsExitCode() throws IOException {
        String yaml = """
                vars: {in: IN, out: OUT}
                steps:
                  - name: first
                    run: cat ${in}/a.txt -o ${out}/first.txt
                  - name: broken
                    run: fail --code 4
                  - name: after
                    run: cat ${in}/b.txt -o ${out}/after.txt
                """;
        RunReport r = run(yaml);
        assertEquals(4, r.exitCode());
        assertEquals(List.of("cat first.txt", "fail"), FakeCommands.EXECUTED);
        assertEquals(List.of("ran", "failed", "not-run"), actions(r));
        assertEquals(4, r.steps().get(1).exit());
        assertFalse(Files.exists(out.resolve("after.txt")));
        assertFalse(Files.exists(out.resolve(".cvpipe-state/broken.json")), "a failure is not a success to skip next time");
    }

    @Test
    void aStepWithBadInputsLetsTheRunGoOnAndTheRunExits3EvenWhenSkipped() throws IOException {
        String yaml = THREE_STEPS.replace("cat ${in}/a.txt -o", "cat --bad ${in}/a.txt -o");
        RunReport r = run(yaml);
        assertEquals(3, r.exitCode());
        assertEquals(List.of("ran", "ran", "ran"), actions(r));
        assertEquals(3, r.steps().get(0).exit());
        RunReport again = run(yaml);
        assertEquals(List.of("skip", "skip", "skip"), actions(again));
        assertEquals(3, again.exitCode(), "skipping the step does not hide its bad inputs");
    }

    @Test
    void aCrashMidStepLeavesThePreviousStateAndTheNextRunRedoesTheStep() throws IOException {
        String good = """
                vars: {in: IN, out: OUT}
                steps:
                  - name: make
                    run: cat ${in}/a.txt -o ${out}/x.txt
                """;
        run(good);
        Path state = out.resolve(".cvpipe-state/make.json");
        byte[] before = Files.readAllBytes(state);

        RunReport crashed = run(good.replace("cat ${in}/a.txt -o", "crash -o"));
        assertEquals(1, crashed.exitCode());
        assertEquals("half", Files.readString(out.resolve("x.txt")));
        assertArrayEquals(before, Files.readAllBytes(state), "the previous state is intact");
        try (var s = Files.list(state.getParent())) {
            assertEquals(List.of("make.json"), s.map(p -> p.getFileName().toString()).toList(), "no temp file left");
        }

        RunReport redo = run(good);
        assertEquals(List.of("ran"), actions(redo));
        assertTrue(redo.steps().get(0).reason().contains("changed since its run"), redo.steps().get(0).reason());
        assertEquals("A", Files.readString(out.resolve("x.txt")));
    }

    @Test
    void aStaleTempFileInTheStateFolderIsRemoved() throws IOException {
        run(THREE_STEPS);
        // a temp of a process that is gone (no owner lock beside it)
        Path stale = out.resolve(".cvpipe-state/.first.json.999x1-1" + AtomicFile.TEMP_SUFFIX);
        Files.writeString(stale, "{\"version\": 1, \"sta");
        assertEquals(List.of("skip", "skip", "skip"), actions(run(THREE_STEPS)));
        assertFalse(Files.exists(stale));
    }

    @Test
    void stdoutOfAStepGoesToItsFileAndFeedsDownstreamSteps() throws IOException {
        String yaml = """
                vars: {in: IN, out: OUT}
                steps:
                  - name: say
                    run: echo hello "big world"
                    stdout: ${out}/said.txt
                  - name: copy
                    run: cat ${out}/said.txt -o ${out}/copy.txt
                  - name: picocli
                    run: say through the writer
                    stdout: ${out}/say.txt
                """;
        run(yaml);
        assertEquals("through the writer\n", Files.readString(out.resolve("say.txt")));
        assertEquals("hello big world\n", Files.readString(out.resolve("said.txt")));
        assertEquals("hello big world\n", Files.readString(out.resolve("copy.txt")));
        assertEquals(List.of("skip", "skip", "skip"), actions(run(yaml)));
    }

    @Test
    void everyStepIsCheckedBeforeAnyRuns() throws IOException {
        String yaml = """
                vars: {in: IN, out: OUT}
                steps:
                  - name: first
                    run: cat ${in}/a.txt -o ${out}/first.txt
                  - name: typo
                    run: cat ${in}/b.txt --outptu ${out}/x.txt -o ${out}/y.txt
                """;
        var e = assertThrows(PipelineException.class, () -> run(yaml));
        assertEquals(6, e.line());
        assertTrue(e.getMessage().contains("step 'typo'"), e.getMessage());
        assertTrue(e.getMessage().contains("--outptu"), e.getMessage());
        assertEquals(List.of(), FakeCommands.EXECUTED, "the valid first step did not run either");

        var unknown = assertThrows(PipelineException.class, () -> run("""
                steps:
                  - name: one
                    run: [cat, a, -o, b]
                  - name: two
                    run: [convert, a]
                """));
        assertEquals(5, unknown.line());
        assertTrue(unknown.getMessage().contains("unknown command 'convert'"), unknown.getMessage());

        var missing = assertThrows(PipelineException.class, () -> run("""
                steps:
                  - name: one
                    run: cat a
                """));
        assertEquals(3, missing.line());
        assertTrue(missing.getMessage().contains("-o"), missing.getMessage());

        var recursive = assertThrows(PipelineException.class, () -> run("""
                steps:
                  - name: again
                    run: run other.yaml
                """));
        assertTrue(recursive.getMessage().contains("'run' cannot be a pipeline step"), recursive.getMessage());
    }

    @Test
    void anInPlaceStepIsRecordedAsItLeftItsFilesAndSkipsNextTime() throws IOException {
        Files.writeString(in.resolve("a.txt"), "abc");
        String yaml = """
                vars: {in: IN, out: OUT}
                steps:
                  - name: upper
                    run: upper --in-place ${in}/a.txt --style keep
                  - name: copy
                    run: cat ${in}/a.txt -o ${out}/copy.txt
                """;
        RunReport first = run(yaml);
        assertEquals(List.of("upper", "cat copy.txt"), FakeCommands.EXECUTED);
        assertEquals("ABC", Files.readString(out.resolve("copy.txt")));
        assertEquals(List.of(in.resolve("a.txt").toString()), first.steps().get(0).outputs(), "the word 'keep' is no output");
        assertEquals(List.of("skip", "skip"), actions(run(yaml)));
    }
}
