package dev.cvpipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cvpipe model summary|export}. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Inspect and export the built-in networks and darknet .cfg models.",
        subcommands = {ModelSummaryCommand.class, ModelExportCommand.class},
        synopsisSubcommandLabel = "COMMAND")
public final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
    }

    /** "416x416", "299" (square) -> {h, w}. */
    static int[] parseInput(String s) {
        if (s == null) return new int[] {0, 0};
        String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
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
