package dev.cvpipe.cli;

/** The process exit codes, identical on every command so scripts can branch on them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** The command finished, but some inputs were bad and were reported on stderr. */
    public static final int BAD_INPUTS = 3;

    /** The exit-code list shown at the foot of every {@code --help}. */
    public static final String[] HELP_LINES = {
        "0:Success.",
        "1:Failure: the command stopped (or --strict met a bad input).",
        "2:Usage error: unknown option, missing or invalid argument.",
        "3:Finished, but some inputs were bad (each reported on stderr as PATH: reason).",
    };

    private ExitCode() {}
}
