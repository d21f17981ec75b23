package dev.cvpipe.cli;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Models;
import dev.cvpipe.report.Table;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cvpipe model list}: the built-in model names --model accepts, without loading TensorFlow. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the built-in models with their usual input size, parameters and BFLOPs.",
                "Name, task, usual input size, parameters and BFLOPs at that size (1000 classes for classifiers,",
                "1 for segmentation)."})
public final class ModelListCommand implements Callable<Integer> {
    @Mixin
    FormatOptions format;

    @Override
    public Integer call() {
        Table t = new Table("model", "task", "input", "params", "bflops").decimals(3);
        for (String name : Models.names()) {
            int side = Models.defaultInput(name);
            ModelSpec probe = Models.spec(name, ModelConfig.of(1000, side, side));
            boolean seg = probe.kind() == ModelSpec.Kind.SEGMENTATION;
            ModelSpec spec = seg ? Models.spec(name, ModelConfig.of(1, side, side)) : probe;
            t.add(name, spec.kind().name().toLowerCase(Locale.ROOT), side + "x" + side, spec.params(), spec.bflops());
        }
        t.print(format.out(), format.format());
        return ExitCode.OK;
    }
}
