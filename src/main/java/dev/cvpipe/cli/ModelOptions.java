package dev.cvpipe.cli;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.ModelSummary;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.SizeLimitException;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** MODEL|FILE.cfg with --input/--classes/--no-aux, shared by the model commands (mix in with @Mixin). */
public final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL|FILE.cfg",
            description = "A built-in model (cnn-small, resnet18/34/50/101, inception-v3, darknet53, unet-resnet34, unetpp-resnet34) or a darknet .cfg file"
                    + " ('model export' also takes a training run folder).")
    String model;

    @Option(names = "--input", paramLabel = "HxW", description = "Input size (default: the cfg's [net], or the model's usual size).")
    String input;

    @Option(names = "--classes", paramLabel = "N", description = "Classes of a built-in model (default 1000; 1 for unet models).")
    Integer classes;

    @Option(names = "--no-aux", description = "inception-v3 without its AuxLogits head.")
    boolean noAux;

    /** The layer list; unknown names and bad sizes are usage errors, unreadable cfgs failures. */
    ModelSpec spec() throws IOException {
        if (classes != null && classes < 1) throw new CvpipeException("--classes must be at least 1", ExitCode.USAGE);
        int[] hw = parseInput(input);
        try {
            return ModelSummary.spec(model, hw[0], hw[1], classes, !noAux);
        } catch (IllegalArgumentException e) {
            boolean usage = e instanceof SizeLimitException
                    || !model.toLowerCase(Locale.ROOT).endsWith(".cfg") && !Models.exists(model);
            throw new CvpipeException(e.getMessage(), usage ? ExitCode.USAGE : ExitCode.FAILURE);
        }
    }

    /** "416x416", "299" (square) -> {h, w}; null -> {0, 0} (the model's own size). */
    static int[] parseInput(String s) {
        if (s == null) return new int[] {0, 0};
        String[] p = s.toLowerCase(Locale.ROOT).split("x", -1);
        try {
            int h = Integer.parseInt(p[0].trim());
            int w = p.length == 2 ? Integer.parseInt(p[1].trim()) : p.length == 1 ? h : -1;
            if (h < 1 || w < 1) throw new NumberFormatException();
            return new int[] {h, w};
        } catch (NumberFormatException e) {
            throw new CvpipeException("--input must be HxW or a single side, e.g. 416x416, got '" + s + "'", ExitCode.USAGE);
        }
    }
}
