package dev.cvpipe.pipeline;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.Log;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a pipeline's steps in order, in this process, skipping each step whose command, inputs and
 * outputs are as they were after its last success. Every step is checked against the real
 * commands before the first one runs, so a typo in step 7 does not cost the six before it.
 */
public final class PipelineRunner {
    /** Commands that would recurse into the engine. */
    private static final Set<String> NOT_A_STEP = Set.of("run", "demo");

    private final StepCommands commands;

    public PipelineRunner(StepCommands commands) {
        this.commands = commands;
    }

    /** One step with its arguments already checked and its paths made absolute. */
    private record Planned(Step step, StepCommands.StepArgs args, List<Path> candidates, List<Path> outputs) {}

    private record Decision(boolean run, String reason, Map<Path, Fingerprint> inputs, StepState previous) {}

    /**
     * @throws PipelineException when a step names an unknown command or option (nothing has run)
     * @throws IllegalArgumentException when --from/--only name no step
     */
    public RunReport run(Pipeline p, RunOptions o) throws IOException {
        List<Planned> plan = check(p);
        boolean[] selected = select(p, o);
        Path stateDir = abs(p.stateDir());
        if (!o.dryRun()) AtomicFile.removeStaleTemps(stateDir);

        List<StepOutcome> outcomes = new ArrayList<>();
        List<Integer> runningNow = new ArrayList<>();
        int exit = StepCommands.OK;
        boolean stopped = false;
        int total = 0;
        for (boolean s : selected) if (s) total++;
        int n = 0;
        for (int i = 0; i < plan.size(); i++) {
            Planned pl = plan.get(i);
            Step step = pl.step();
            if (!selected[i] || stopped) {
                outcomes.add(outcome(pl, stopped ? "not-run" : "not-selected", null, null,
                        stopped ? "an earlier step failed" : "outside --from/--only", List.of(), pl.outputs()));
                continue;
            }
            n++;
            String tag = String.format(Locale.ROOT, "[%d/%d] %s", n, total, step.name());
            List<Path> inputs = inputsOf(plan, i);
            Decision d = decide(plan, i, inputs, stateDir, o);
            if (!d.run() && o.dryRun()) {
                for (int j : runningNow) {
                    if (overlaps(inputs, plan.get(j).outputs())) {
                        d = new Decision(true, "reads the output of step '" + plan.get(j).step().name() + "', which runs",
                                d.inputs(), d.previous());
                        break;
                    }
                }
            }
            if (o.dryRun()) {
                if (d.run()) runningNow.add(i);
                outcomes.add(outcome(pl, d.run() ? "run" : "skip", d.run() ? null : d.previous().exit(), null,
                        d.reason(), inputs, pl.outputs()));
                continue;
            }
            if (!d.run()) {
                int last = d.previous().exit();
                if (last == StepCommands.BAD_INPUTS) exit = StepCommands.BAD_INPUTS;
                Log.info("%s: skipped, %s%s", tag, d.reason(),
                        last == StepCommands.BAD_INPUTS ? " (its last run reported bad inputs: exit 3)" : "");
                if (o.hash()) refreshTimes(d, pl, plan, i, stateDir);
                outcomes.add(outcome(pl, "skip", last, null, d.reason(), inputs, pl.outputs()));
                continue;
            }
            Log.info("%s: cvpipe %s", tag, step.commandLine());
            Log.info("%s: runs because %s", tag, d.reason());
            long t0 = System.nanoTime();
            int rc = execute(step);
            double secs = Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
            if (rc == StepCommands.OK || rc == StepCommands.BAD_INPUTS) {
                saveState(plan, i, inputs, d.inputs(), stateDir, o.hash(), rc, secs);
                if (rc == StepCommands.BAD_INPUTS) exit = StepCommands.BAD_INPUTS;
                Log.info("%s: done in %.1f s%s", tag, secs, rc == StepCommands.BAD_INPUTS ? ", some inputs were bad (exit 3)" : "");
                outcomes.add(outcome(pl, "ran", rc, secs, d.reason(), inputs, pl.outputs()));
            } else {
                Log.warn("%s: failed with exit code %d after %.1f s; the pipeline stops here", tag, rc, secs);
                outcomes.add(outcome(pl, "failed", rc, secs, d.reason(), inputs, pl.outputs()));
                exit = rc;
                stopped = true;
            }
        }
        return new RunReport(p, o.dryRun(), outcomes, exit);
    }

    /** Every step against the real commands, before anything runs. */
    private List<Planned> check(Pipeline p) {
        List<Planned> plan = new ArrayList<>();
        for (Step s : p.steps()) {
            String cmd = s.args().get(0);
            if (NOT_A_STEP.contains(cmd)) {
                throw new PipelineException(p.file(), s.runLine(), "step '" + s.name() + "': '" + cmd + "' cannot be a pipeline step");
            }
            StepCommands.StepArgs a;
            try {
                a = commands.check(s.args());
            } catch (IllegalArgumentException e) {
                throw new PipelineException(p.file(), s.runLine(), "step '" + s.name() + "': " + e.getMessage());
            }
            Set<Path> outputs = new LinkedHashSet<>();
            for (String v : s.outputs() != null ? s.outputs() : a.outputs()) outputs.add(abs(Path.of(v)));
            if (s.stdout() != null) outputs.add(abs(Path.of(s.stdout())));
            Set<Path> candidates = new LinkedHashSet<>();
            for (String v : s.inputs() != null ? s.inputs() : a.paths()) {
                Path c = abs(Path.of(v));
                if (!outputs.contains(c)) candidates.add(c);
            }
            if (s.outputs() == null && a.inPlace()) {
                // --in-place rewrites the files it reads: those that exist are outputs too (not option words like "keep").
                for (Path c : candidates) if (java.nio.file.Files.exists(c)) outputs.add(c);
            }
            plan.add(new Planned(s, a, List.copyOf(candidates), List.copyOf(outputs)));
        }
        return plan;
    }

    private static boolean[] select(Pipeline p, RunOptions o) {
        boolean[] sel = new boolean[p.steps().size()];
        if (o.from() != null && !o.only().isEmpty()) throw new IllegalArgumentException("--from and --only exclude each other");
        List<String> names = p.stepNames();
        for (String name : o.from() != null ? List.of(o.from()) : o.only()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("no step named '" + name + "' in " + p.file() + " (steps: " + String.join(", ", names) + ")");
            }
        }
        for (int i = 0; i < sel.length; i++) {
            String name = names.get(i);
            sel[i] = o.from() != null ? i >= names.indexOf(o.from()) : o.only().isEmpty() || o.only().contains(name);
        }
        return sel;
    }

    /**
     * The step's inputs: declared ones as given; inferred ones only if they exist now or an
     * earlier step writes them (so a downstream step depends on an output not yet made).
     */
    private static List<Path> inputsOf(List<Planned> plan, int i) {
        Planned pl = plan.get(i);
        if (pl.step().inputs() != null) return pl.candidates();
        List<Path> out = new ArrayList<>();
        for (Path c : pl.candidates()) {
            boolean upstream = false;
            for (int j = 0; j < i && !upstream; j++) upstream = overlaps(List.of(c), plan.get(j).outputs());
            if (upstream || java.nio.file.Files.exists(c)) out.add(c);
        }
        return out;
    }

    private Decision decide(List<Planned> plan, int i, List<Path> inputs, Path stateDir, RunOptions o) {
        Planned pl = plan.get(i);
        Step step = pl.step();
        StepState prev = StepState.load(stateDir, step.name());
        Map<Path, Fingerprint> now = new LinkedHashMap<>();
        for (Path in : inputs) now.put(in, Fingerprint.of(in, o.hash(), inputExclusions(plan, i, in, stateDir)));
        if (o.force()) return new Decision(true, "--force", now, prev);
        if (prev == null) return new Decision(true, "it has no earlier success", now, null);
        if (!prev.command().equals(step.args()) || !Objects.equals(prev.stdout(), step.stdout())) {
            return new Decision(true, "its command changed", now, prev);
        }
        Map<String, Fingerprint> before = byPath(prev.inputs());
        for (var e : now.entrySet()) {
            Fingerprint old = before.remove(e.getKey().toString());
            if (old == null) return new Decision(true, "new input " + show(e.getKey()), now, prev);
            if (!old.sameAs(e.getValue(), o.hash())) return new Decision(true, "input " + show(e.getKey()) + " changed", now, prev);
        }
        if (!before.isEmpty()) return new Decision(true, "input " + before.keySet().iterator().next() + " is no longer used", now, prev);
        Map<String, Fingerprint> outBefore = byPath(prev.outputs());
        for (Path out : pl.outputs()) {
            Fingerprint f = Fingerprint.of(out, o.hash(), outputExclusions(plan, i, out, stateDir));
            Fingerprint old = outBefore.get(out.toString());
            if (!f.exists()) return new Decision(true, "output " + show(out) + " is missing", now, prev);
            if (old == null || !old.sameAs(f, o.hash())) return new Decision(true, "output " + show(out) + " changed since its run", now, prev);
        }
        return new Decision(false, "unchanged since " + prev.finished(), now, prev);
    }

    private int execute(Step step) throws IOException {
        PrintStream err = Log.stream();
        Log.Level level = Log.level();
        try {
            if (step.stdout() == null) return commands.execute(step.args(), err, err);
            int[] rc = {0};
            try {
                AtomicFile.write(abs(Path.of(step.stdout())), os -> {
                    PrintStream out = new PrintStream(os, false, StandardCharsets.UTF_8);
                    rc[0] = commands.execute(step.args(), out, err);
                    out.flush();
                    if (rc[0] != StepCommands.OK && rc[0] != StepCommands.BAD_INPUTS) throw new Discard();
                });
            } catch (Discard d) {
                // a failed step's stdout is dropped so the previous file stays as it was
            }
            return rc[0];
        } finally {
            Log.setLevel(level); // a step's own -q/-v ends with the step
        }
    }

    /** Thrown inside an atomic write to drop the temp file of a failed step's stdout. */
    private static final class Discard extends IOException {
        Discard() {
            super("step failed", null);
        }
    }

    private void saveState(List<Planned> plan, int i, List<Path> inputs, Map<Path, Fingerprint> before, Path stateDir,
                           boolean hash, int rc, double secs) throws IOException {
        Planned pl = plan.get(i);
        List<Fingerprint> ins = new ArrayList<>();
        for (Path in : inputs) {
            // An input the step rewrites (--in-place, or an output inside it) is recorded as the step left it.
            boolean rewritten = overlaps(List.of(in), pl.outputs());
            ins.add(rewritten ? Fingerprint.of(in, hash, inputExclusions(plan, i, in, stateDir)) : before.get(in));
        }
        List<Fingerprint> outs = new ArrayList<>();
        for (Path out : pl.outputs()) outs.add(Fingerprint.of(out, hash, outputExclusions(plan, i, out, stateDir)));
        String finished = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        new StepState(pl.step().name(), pl.step().args(), pl.step().stdout(), rc, finished, secs, ins, outs).save(stateDir);
    }

    /** Under --hash a touched-but-identical file skips; record its new time so a later run without --hash skips too. */
    private void refreshTimes(Decision d, Planned pl, List<Planned> plan, int i, Path stateDir) throws IOException {
        StepState prev = d.previous();
        List<Fingerprint> outs = new ArrayList<>();
        for (Path out : pl.outputs()) outs.add(Fingerprint.of(out, true, outputExclusions(plan, i, out, stateDir)));
        List<Fingerprint> ins = new ArrayList<>(d.inputs().values());
        if (ins.equals(prev.inputs()) && outs.equals(prev.outputs())) return;
        new StepState(prev.step(), prev.command(), prev.stdout(), prev.exit(), prev.finished(), prev.seconds(), ins, outs).save(stateDir);
    }

    /**
     * Left out of an input folder's fingerprint: the state folder, this step's own outputs, and what
     * later steps write inside it (else writing a chart into a dataset folder would re-run the
     * steps that read the folder, forever).
     */
    private static List<Path> inputExclusions(List<Planned> plan, int i, Path root, Path stateDir) {
        List<Path> ex = new ArrayList<>();
        ex.add(stateDir);
        for (int k = i; k < plan.size(); k++) {
            for (Path out : plan.get(k).outputs()) if (out.startsWith(root) && !out.equals(root)) ex.add(out);
        }
        return ex;
    }

    /** Left out of an output folder's fingerprint: the state folder and other steps' outputs inside it. */
    private static List<Path> outputExclusions(List<Planned> plan, int i, Path root, Path stateDir) {
        List<Path> ex = new ArrayList<>();
        ex.add(stateDir);
        for (int k = 0; k < plan.size(); k++) {
            if (k == i) continue;
            for (Path out : plan.get(k).outputs()) if (out.startsWith(root) && !out.equals(root)) ex.add(out);
        }
        return ex;
    }

    private static boolean overlaps(List<Path> as, List<Path> bs) {
        for (Path a : as) for (Path b : bs) if (a.startsWith(b) || b.startsWith(a)) return true;
        return false;
    }

    private static Map<String, Fingerprint> byPath(List<Fingerprint> fps) {
        Map<String, Fingerprint> m = new LinkedHashMap<>();
        if (fps != null) for (Fingerprint f : fps) m.put(f.path(), f);
        return m;
    }

    private static StepOutcome outcome(Planned pl, String action, Integer exit, Double secs, String reason,
                                       List<Path> inputs, List<Path> outputs) {
        return new StepOutcome(pl.step().name(), pl.step().line(), pl.step().commandLine(), action, exit, secs, reason,
                inputs.stream().map(PipelineRunner::show).toList(), outputs.stream().map(PipelineRunner::show).toList());
    }

    static Path abs(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** Paths under the working folder are shown relative to it, as the user typed them. */
    static String show(Path p) {
        Path cwd = abs(Path.of(""));
        return p.startsWith(cwd) && !p.equals(cwd) ? cwd.relativize(p).toString() : p.toString();
    }
}
