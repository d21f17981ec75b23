package dev.cvpipe.cli;

import dev.cvpipe.report.OutputFormat;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --csv} / {@code --json} for every command that reports; mix in with {@code @Mixin}. */
public final class FormatOptions {
    @Option(names = "--csv", description = "Write the report as CSV on stdout.")
    boolean csv;

    @Option(names = "--json", description = "Write the report as JSON on stdout.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    public OutputFormat format() {
        if (csv && json) throw new CvpipeException("--csv and --json exclude each other", ExitCode.USAGE);
        return json ? OutputFormat.JSON : csv ? OutputFormat.CSV : OutputFormat.TABLE;
    }

    /** Where the report goes: picocli's writer, the one way to write data (see {@link Stdout}). */
    public PrintWriter out() {
        return mixee.commandLine().getOut();
    }
}
