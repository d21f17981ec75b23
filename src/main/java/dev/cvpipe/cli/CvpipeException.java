package dev.cvpipe.cli;

/**
 * A failure the user can act on: printed as one line on stderr (no stack trace) and mapped to
 * an exit code. Library code throws {@link IllegalArgumentException} or {@link java.io.IOException};
 * commands wrap them in this when the message alone tells the whole story.
 */
public class CvpipeException extends RuntimeException {
    private final int exitCode;

    public CvpipeException(String message) {
        this(message, ExitCode.FAILURE);
    }

    public CvpipeException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
