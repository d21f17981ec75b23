package dev.cvpipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cvpipe model list|summary|export|import}. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Inspect and export the built-in networks and darknet .cfg models.",
        subcommands = {ModelListCommand.class, ModelSummaryCommand.class, ModelExportCommand.class, ModelImportCommand.class},
        synopsisSubcommandLabel = "COMMAND")
public final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
    }
}
