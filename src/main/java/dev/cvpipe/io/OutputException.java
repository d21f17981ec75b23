package dev.cvpipe.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A write to an output failed (disk full, read-only, permission, I/O error). Thrown at the source
 * ({@link AtomicFile} and the streams it hands out) so commands can tell a failed output, which
 * stops the run with exit 1, from a bad input, which is reported and skipped (exit 3).
 */
public final class OutputException extends IOException {
    private final Path target;

    public OutputException(Path target, String reason, Throwable cause) {
        super(target + ": cannot write: " + reason, cause);
        this.target = target;
    }

    /** {@code e} as a failure to write {@code target} (unchanged when it already is one). */
    public static OutputException of(Path target, IOException e) {
        if (e instanceof OutputException oe) return oe;
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) reason = "permission denied";
        return new OutputException(target, reason, e);
    }

    /** The output file the write was for (never a temp file). */
    public Path target() {
        return target;
    }
}
