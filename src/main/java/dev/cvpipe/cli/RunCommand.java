package dev.cvpipe.cli;

import dev.cvpipe.pipeline.Pipeline;
import dev.cvpipe.pipeline.PipelineParser;
import dev.cvpipe.pipeline.PipelineRunner;
import dev.cvpipe.pipeline.RunOptions;
import dev.cvpipe.pipeline.RunReport;
import dev.cvpipe.pipeline.StepOutcome;
import dev.cvpipe.report.Json;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.OutputFormat;
import dev.cvpipe.report.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run a pipeline file: its steps in order, each a cvpipe command, skipping every step whose "
                    + "command, inputs and outputs are unchanged since its last success.",
            "Every step is checked against the real commands before anything runs. A failing step stops "
                    + "the run with its exit code; a step that exits 3 (bad inputs) does not stop it, and the run exits 3.",
            "stdout: a table of the steps (what ran, what was skipped and why); logs on stderr."})
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline .yaml file (see README: Pipeline files).")
    Path file;

    @Option(names = "--from", paramLabel = "STEP", description = "Start at this step; earlier steps are left alone.")
    String from;

    @Option(names = "--only", paramLabel = "STEP", description = "Run only this step (repeatable).")
    List<String> only;

    @Option(names = "--dry-run", description = "Print the plan (what would run, what would be skipped and why); run nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Re-run the selected steps even when nothing changed.")
    boolean force;

    @Option(names = "--hash", description = "Compare inputs by content (SHA-256), not by size and modification time.")
    boolean hash;

    @Option(names = "-D", paramLabel = "name=value", description = "Override a var of the pipeline (repeatable).")
    Map<String, String> defines = new LinkedHashMap<>();

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws IOException {
        OutputFormat fmt = format.format();
        RunReport report = runPipeline(file, defines, new RunOptions(from, only, dryRun, force, hash));
        print(report, fmt, format.out());
        return report.exitCode();
    }

    /** Parses and runs a pipeline, turning its errors into one-line CLI errors. */
    static RunReport runPipeline(Path file, Map<String, String> defines, RunOptions options) throws IOException {
        if (!Files.isRegularFile(file)) throw new CvpipeException(file + ": no such pipeline file", ExitCode.FAILURE);
        try {
            Pipeline p = PipelineParser.parse(file, defines);
            RunReport report = new PipelineRunner(new PicocliStepCommands()).run(p, options);
            if (!report.dryRun() && report.exitCode() != ExitCode.FAILURE) {
                p.results().forEach((label, path) -> Log.info("%s: %s%s", label, path, Files.exists(Path.of(path)) ? "" : " (missing)"));
            }
            return report;
        } catch (NoSuchFileException e) {
            throw new CvpipeException(e.getFile() + ": no such file or directory", ExitCode.FAILURE);
        } catch (IllegalArgumentException e) {
            // PipelineException (FILE:LINE: ...) and unknown --from/--only steps: the user's file or arguments are wrong.
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
    }

    static void print(RunReport report, OutputFormat fmt, PrintWriter out) {
        if (fmt == OutputFormat.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pipeline", report.pipeline().file().toString());
            doc.put("state", report.pipeline().stateDir().toString());
            doc.put("dry_run", report.dryRun());
            doc.put("exit", report.exitCode());
            doc.put("steps", report.steps());
            doc.put("results", report.pipeline().results());
            out.println(Json.write(doc));
            out.flush();
            return;
        }
        Table t = report.dryRun() ? new Table("step", "action", "reason", "command")
                : new Table("step", "action", "exit", "seconds", "reason");
        t.decimals(1);
        for (StepOutcome s : report.steps()) {
            if (report.dryRun()) t.add(s.step(), s.action(), s.reason(), s.command());
            else t.add(s.step(), s.action(), s.exit(), s.seconds(), s.reason());
        }
        t.print(out, fmt);
    }

}
