package dev.cvpipe.cli;

import dev.cvpipe.pipeline.RunOptions;
import dev.cvpipe.pipeline.RunReport;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Table;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Run pipelines/demo.yaml (the cat-12 job on the bundled test data with a small CNN) into OUTDIR "
                    + "and print where result.csv, the class chart, the training curves and the metrics are.",
            "A second run skips every step that is already done."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "OUTDIR", description = "Where the demo writes (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("demo-out");

    @Option(names = "--force", description = "Re-run every step.")
    boolean force;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws IOException {
        var fmt = format.format();
        Path pipeline = home().resolve("pipelines").resolve("demo.yaml");
        if (!Files.isRegularFile(pipeline)) {
            throw new CvpipeException(pipeline + ": not found (run the demo from a cvpipe checkout, through bin/cvpipe)");
        }
        Log.info("demo: %s -> %s", pipeline, out.toAbsolutePath().normalize());
        // -D out as the user gave it, so `cvpipe run pipelines/demo.yaml` from the same folder has the
        // same step commands and skips what the demo already did.
        RunReport report = RunCommand.runPipeline(pipeline, Map.of("out", out.toString()),
                new RunOptions(null, List.of(), false, force, false));
        if (report.exitCode() != ExitCode.OK && report.exitCode() != ExitCode.BAD_INPUTS) return report.exitCode();
        Table t = new Table("what", "path");
        report.pipeline().results().forEach(t::add);
        t.print(format.out(), fmt);
        return report.exitCode();
    }

    /**
     * The cvpipe checkout: {@code -Dcvpipe.home} (set by bin/cvpipe), else two folders above the jar
     * or classes folder this code was loaded from, else the working folder.
     */
    static Path home() {
        String prop = System.getProperty("cvpipe.home");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        try {
            Path code = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.getParent() == null ? null : code.getParent().getParent();
            if (root != null && Files.isDirectory(root.resolve("pipelines"))) return root;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working folder
        }
        return Path.of("").toAbsolutePath();
    }
}
