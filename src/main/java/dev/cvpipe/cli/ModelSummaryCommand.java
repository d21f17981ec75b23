package dev.cvpipe.cli;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.ModelSummary;
import dev.cvpipe.model.Models;
import dev.cvpipe.report.OutputFormat;
import java.io.PrintWriter;
import picocli.CommandLine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"One row per layer: index, type, output C×H×W, params, BFLOPs, and the layers a route/shortcut reads;",
            "then total params, trainable params and BFLOPS as darknet counts them. Does not start TensorFlow."})
public final class ModelSummaryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL|FILE.cfg", description = "A built-in model (${COMPLETION-CANDIDATES}) or a darknet .cfg file.",
            completionCandidates = BuiltInNames.class)
    String model;

    @Option(names = "--input", paramLabel = "HxW", description = "Input size (default: the cfg's [net], or the model's usual size).")
    String input;

    @Option(names = "--classes", paramLabel = "N", description = "Classes of a built-in model (default 1000; 1 for unet models).")
    Integer classes;

    @Option(names = "--no-aux", description = "inception-v3 without its AuxLogits head.")
    boolean noAux;

    @Mixin
    FormatOptions format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.format();
        int[] hw = ModelCommand.parseInput(input);
        if (classes != null && classes < 1) throw new CvpipeException("--classes must be at least 1", ExitCode.USAGE);
        ModelSpec spec;
        try {
            spec = ModelSummary.spec(model, hw[0], hw[1], classes, !noAux);
        } catch (IllegalArgumentException e) {
            boolean usage = !model.toLowerCase(java.util.Locale.ROOT).endsWith(".cfg") && !Models.exists(model);
            throw new CvpipeException(e.getMessage(), usage ? ExitCode.USAGE : ExitCode.FAILURE);
        }
        PrintWriter out = cmd.commandLine().getOut();
        switch (f) {
            case JSON -> out.println(ModelSummary.json(spec));
            case CSV -> out.print(ModelSummary.table(spec).toCsv());
            default -> out.print(ModelSummary.table(spec).toText() + ModelSummary.totals(spec));
        }
        out.flush();
        return ExitCode.OK;
    }

    static final class BuiltInNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Models.names().iterator();
        }
    }
}
