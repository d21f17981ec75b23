package dev.cvpipe.cli;

import dev.cvpipe.model.ModelExport;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.report.Log;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a SavedModel (tag serve) whose serving_default signature maps float32 NHWC 'images'",
            "to 'probabilities' (detectors: raw 'head_<layer>' outputs)."})
public final class ModelExportCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "SavedModel directory to create (must not exist).")
    Path output;

    @Option(names = "--checkpoint", paramLabel = "PREFIX", description = "Restore the variables from a Session.save checkpoint prefix.")
    Path checkpoint;

    @Option(names = "--weights", paramLabel = "FILE", description = "Load a darknet .weights file (for .cfg models).")
    Path weights;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial weights when neither --checkpoint nor --weights is given (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (checkpoint != null && weights != null) throw new CvpipeException("--checkpoint and --weights exclude each other", ExitCode.USAGE);
        ModelSpec spec = model.spec();
        try {
            ModelExport.export(spec, seed, new ModelExport.Weights(checkpoint, weights), output);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(spec.name() + ": " + e.getMessage());
        }
        Log.info("%s: SavedModel written to %s", spec.name(), output);
        return ExitCode.OK;
    }
}
