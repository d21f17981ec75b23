package dev.cvpipe.spark;

import dev.cvpipe.image.ImageFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * Paths between driver and executors: executors get absolute strings (their working folder is not
 * the driver's); what comes back is shown with the driver's path as the user wrote it, so the report
 * is the single-machine command's byte for byte.
 */
final class PathStrings {
    private PathStrings() {}

    static List<String> absolute(List<ImageFiles.Input> inputs) {
        return inputs.stream().map(in -> in.file().toAbsolutePath().toString()).toList();
    }

    /** {@code text} (a reason) with the absolute form of a path put back as the user's {@code path}. */
    static String restore(String text, String absolute, Path path) {
        return text == null || absolute.equals(path.toString()) ? text : text.replace(absolute, path.toString());
    }
}
