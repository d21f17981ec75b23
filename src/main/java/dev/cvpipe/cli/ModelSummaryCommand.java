package dev.cvpipe.cli;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.ModelSummary;
import dev.cvpipe.report.OutputFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Print a model's layers with their output shapes, parameters and BFLOPs.",
            "One row per layer: index, type, output C×H×W, params, BFLOPs, and the layers a route/shortcut reads;",
            "then total params, trainable params and BFLOPS as darknet counts them. Does not start TensorFlow."})
public final class ModelSummaryCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.format();
        ModelSpec spec = model.spec();
        PrintWriter out = format.out();
        switch (f) {
            case JSON -> out.println(ModelSummary.json(spec));
            case CSV -> out.print(ModelSummary.table(spec).toCsv());
            default -> out.print(ModelSummary.table(spec).toText() + ModelSummary.totals(spec));
        }
        out.flush();
        return ExitCode.OK;
    }
}
