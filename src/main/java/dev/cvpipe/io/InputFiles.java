package dev.cvpipe.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens input files named by folders, lists and arguments. Opening a FIFO (or a device) for reading
 * blocks until someone writes to it, so anything that is not a regular file is refused before it is
 * opened: one check for every reader of input data.
 */
public final class InputFiles {
    /** The input is a FIFO, socket, device or folder: reported as {@code PATH: not a regular file}. */
    public static final class NotRegularFileException extends IOException {
        public NotRegularFileException(Path p) {
            super(p + ": not a regular file");
        }

        /** The reason alone, for {@code PATH: reason} lines. */
        public static final String REASON = "not a regular file";
    }

    private InputFiles() {}

    /** Throws unless {@code p} is a regular file (after symlinks); a missing file is left to the opener's NoSuchFileException. */
    public static void requireRegular(Path p) throws IOException {
        if (Files.exists(p) && !Files.isRegularFile(p)) throw new NotRegularFileException(p);
    }

    public static InputStream open(Path p) throws IOException {
        requireRegular(p);
        return Files.newInputStream(p);
    }

    public static byte[] readAllBytes(Path p) throws IOException {
        requireRegular(p);
        return Files.readAllBytes(p);
    }
}
