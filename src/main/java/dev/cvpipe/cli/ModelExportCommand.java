package dev.cvpipe.cli;

import dev.cvpipe.model.ModelExport;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.weights.WeightFiles;
import dev.cvpipe.predict.Predictor;
import dev.cvpipe.report.Log;
import dev.cvpipe.train.ModelLibrary;
import dev.cvpipe.train.RunConfig;
import dev.cvpipe.train.TorchExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model or a training run as a TensorFlow SavedModel (tag serve).",
            "A run folder (from 'train' or 'seg train'): classes, input size and normalisation come from its",
            "config.json; serving_default takes uint8 RGB 'images' [N,H,W,3] at the run's input size and returns",
            "'probabilities' and 'class_ids' (lines of labels.txt). A MODEL or .cfg: float32 NHWC 'images' to",
            "'probabilities' (detectors: raw 'head_<layer>' outputs)."})
public final class ModelExportCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "SavedModel directory to create (must not exist).")
    Path output;

    @Option(names = "--checkpoint", paramLabel = "PREFIX|NAME",
            description = "A run folder's checkpoint: best (default), last, swa or ema. Otherwise a Session.save checkpoint prefix to restore.")
    Path checkpoint;

    @Option(names = "--weights", paramLabel = "FILE", description = "Load a darknet .weights file (for .cfg models).")
    Path weights;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the initial weights when neither --checkpoint nor --weights is given (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "savedmodel", paramLabel = "FORMAT",
            description = "savedmodel (default) | safetensors | pth: the last two write a training run's weights (MODEL is then RUN_DIR; --checkpoint best|last|swa) "
                    + "under torchvision / smp names to the FILE -o names, for PyTorch's load_state_dict.")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("savedmodel")) return exportStateDict();
        Path run = Path.of(model.model);
        if (Files.isRegularFile(run.resolve(RunConfig.FILE))) return exportRun(run);
        if (Files.isDirectory(run)) {
            // a folder can only be a run folder; "unknown model 'runs/x'" would send the user to the model list
            throw new CvpipeException(run + ": no " + RunConfig.FILE + " in this folder: not a training run folder");
        }
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

    private int exportRun(Path run) throws Exception {
        if (model.input != null || model.classes != null || model.noAux || weights != null) {
            throw new CvpipeException(run + " is a run folder: its config.json sets the model, classes and input size"
                    + " (drop --input, --classes, --no-aux and --weights)", ExitCode.USAGE);
        }
        String which = checkpoint == null ? "best" : checkpoint.toString();
        if (!List.of("best", "last", "swa", "ema").contains(which)) {
            throw new CvpipeException("--checkpoint for a run folder is best, last, swa or ema, got '" + which + "'", ExitCode.USAGE);
        }
        try (Predictor p = new Predictor(run, which, ModelLibrary.factory(), 0)) {
            p.exportSavedModel(output);
            RunConfig c = p.config();
            Log.info("%s: SavedModel written to %s (uint8 images [N,%d,%d,3] -> probabilities, class_ids; %d classes)",
                    run, output, c.height(), c.width(), p.labels().size());
        }
        return ExitCode.OK;
    }

    private int exportStateDict() throws Exception {
        WeightFiles.Format f = switch (format) {
            case "safetensors" -> WeightFiles.Format.SAFETENSORS;
            case "pth" -> WeightFiles.Format.PTH;
            default -> throw new CvpipeException("--format must be savedmodel, safetensors or pth, got '" + format + "'", ExitCode.USAGE);
        };
        String which = checkpoint == null ? "best" : checkpoint.toString();
        if (weights != null || !List.of("best", "last", "swa", "ema").contains(which)) {
            throw new CvpipeException("--format " + format + " exports a run folder's checkpoint: --checkpoint best (default), last, swa or ema; no --weights", ExitCode.USAGE);
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
