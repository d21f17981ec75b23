package dev.cvpipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cvpipe seg ...}: the segmentation commands; only a container for its subcommands. */
@Command(name = "seg", mixinStandardHelpOptions = true,
        description = "Semantic segmentation: train networks, predict masks, score masks against ground truth.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {SegTrainCommand.class, SegPredictCommand.class, SegMetricsCommand.class})
public final class SegCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: choose one of " + spec.subcommands().keySet());
    }
}
