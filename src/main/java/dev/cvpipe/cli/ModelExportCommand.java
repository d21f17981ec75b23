package dev.cvpipe.cli;

import dev.cvpipe.model.ModelExport;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.ModelSummary;
import dev.cvpipe.report.Log;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a SavedModel (tag serve) whose serving_default signature maps float32 NHWC 'images'",
            "to 'probabilities' (detectors: raw 'head_<layer>' outputs)."})
public final class ModelExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL|FILE.cfg", description = "A built-in model or a darknet .cfg file.")
    String model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "SavedModel directory to create (must not exist).")
    Path output;

    @Option(names = "--input", paramLabel = "HxW", description = "Input size (default: the cfg's [net], or the model's usual size).")
    String input;

    @Option(names = "--classes", paramLabel = "N", description = "Classes of a built-in model (default 1000; 1 for unet models).")
    Integer classes;

    @Option(names = "--no-aux", description = "inception-v3 without its AuxLogits head (the aux head never affects serving).")
    boolean noAux;

    @Option(names = "--checkpoint", paramLabel = "PREFIX", description = "Restore the variables from a Session.save checkpoint prefix.")
    Path checkpoint;

    @Option(names = "--weights", paramLabel = "FILE", description = "Load a darknet .weights file (for .cfg models).")
    Path weights;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial weights when neither --checkpoint nor --weights is given (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (checkpoint != null && weights != null) throw new CvpipeException("--checkpoint and --weights exclude each other", ExitCode.USAGE);
        int[] hw = ModelCommand.parseInput(input);
        ModelSpec spec;
        try {
            spec = ModelSummary.spec(model, hw[0], hw[1], classes, !noAux);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage());
        }
        try {
            ModelExport.export(spec, seed, new ModelExport.Weights(checkpoint, weights), output);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(spec.name() + ": " + e.getMessage());
        }
        Log.info("%s: SavedModel written to %s", spec.name(), output);
        return ExitCode.OK;
    }
}
