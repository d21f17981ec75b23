package dev.cvpipe.dataset;

import dev.cvpipe.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Finds the image files in a folder that a list may or may not mention (by extension, not content). */
final class ImageScan {
    private ImageScan() {}

    /** The image package's list of image extensions, so split and inspect pick the same files. */
    static boolean isImageName(String name) {
        return dev.cvpipe.image.ImageFormat.isImageName(name);
    }

    static boolean isHidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    /**
     * Image files under {@code root}, sorted, as absolute normalized paths. Hidden files and
     * folders are skipped (our own temp files and journals are hidden); symlinks are not followed
     * into other folders.
     */
    public static List<Path> under(Path root) throws IOException {
        return ImageFiles.walk(root.toAbsolutePath().normalize(), true, (p, a) -> a.isRegularFile() || a.isSymbolicLink());
    }
}
