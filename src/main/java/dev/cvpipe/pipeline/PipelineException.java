package dev.cvpipe.pipeline;

import java.nio.file.Path;

/**
 * Something wrong in a pipeline file, found before any step runs: printed as {@code FILE:LINE: message}
 * so an editor can jump to it.
 */
public final class PipelineException extends IllegalArgumentException {
    private final Path file;
    private final int line;

    public PipelineException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line in the pipeline file, 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
