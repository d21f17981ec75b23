package dev.cvpipe.cli;

import dev.cvpipe.model.ModelExport;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.weights.WeightFiles;
import dev.cvpipe.report.Log;
import dev.cvpipe.train.RunConfig;
import dev.cvpipe.train.TorchExport;
import java.io.IOException;
import java.nio.file.Files;
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

    @Option(names = "--format", defaultValue = "savedmodel", paramLabel = "FORMAT",
            description = "savedmodel (default) | safetensors | pth: the last two write a training run's weights (MODEL is then RUN_DIR; --checkpoint best|last|swa) "
                    + "under torchvision / smp names to the FILE -o names, for PyTorch's load_state_dict.")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("savedmodel")) return exportStateDict();
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

    private int exportStateDict() throws Exception {
        WeightFiles.Format f = switch (format) {
            case "safetensors" -> WeightFiles.Format.SAFETENSORS;
            case "pth" -> WeightFiles.Format.PTH;
            default -> throw new CvpipeException("--format must be savedmodel, safetensors or pth, got '" + format + "'", ExitCode.USAGE);
        };
        String which = checkpoint == null ? "best" : checkpoint.toString();
        if (weights != null || !java.util.List.of("best", "last", "swa").contains(which)) {
            throw new CvpipeException("--format " + format + " exports a run folder's checkpoint: --checkpoint best (default), last or swa; no --weights", ExitCode.USAGE);
        }
        Path run = Path.of(model.model);
        if (Files.exists(output)) throw new CvpipeException(output + ": already exists (export writes a new file)");
        try {
            RunConfig c = TorchExport.export(run, which, output, f);
            Log.info("%s: %s (%d classes) written to %s as %s; feed it pixels normalised as '%s'", run, c.model(), c.classes(), output, format, c.normalize());
        } catch (IllegalArgumentException | IOException e) {
            throw new CvpipeException(e.getMessage());
        }
        return ExitCode.OK;
    }
}
