package dev.cvpipe.cli;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.ModelSummary;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.weights.ImportReport;
import dev.cvpipe.model.weights.Pretrained;
import dev.cvpipe.report.Log;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Show how a pretrained weights file maps onto a built-in model, without training.",
            "One row per tensor (loaded, reinitialised, unused), as 'train --pretrained' / 'seg train --pretrained' would",
            "load it (inception-v3 without AuxLogits).",
            "FILE: PyTorch .pth (zip or legacy), .safetensors, or darknet .weights (darknet53); the format is read from the bytes."})
public final class ModelImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The weights file.")
    Path file;

    @Option(names = "--model", paramLabel = "MODEL", required = true, description = "Built-in model: resnet18/34/50/101, inception-v3, unet-resnet34, unetpp-resnet34, darknet53.")
    String model;

    @Option(names = "--classes", paramLabel = "N", description = "Classes of the model to train (default 1000; 1 for unet models).")
    Integer classes;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        if (!Models.exists(model)) throw new CvpipeException("unknown model '" + model + "' (built-in: " + String.join(", ", Models.names()) + ")", ExitCode.USAGE);
        if (classes != null && classes < 1) throw new CvpipeException("--classes must be at least 1", ExitCode.USAGE);
        ImportReport r;
        try {
            ModelSpec spec = ModelSummary.spec(model, 0, 0, classes, false);
            r = Pretrained.plan(file, spec);
        } catch (IOException | IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.FAILURE);
        }
        PrintWriter out = format.out();
        r.table().print(out, format.format());
        Log.info("%s", r.summary());
        return ExitCode.OK;
    }
}
