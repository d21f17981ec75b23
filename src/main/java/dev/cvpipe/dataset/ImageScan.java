package dev.cvpipe.dataset;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
        List<Path> out = new ArrayList<>();
        Path base = root.toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(base, new FileVisitOption[0])) {
            walk.filter(p -> !p.equals(base))
                    .filter(p -> !hiddenBelow(base, p))
                    .filter(p -> isImageName(p.getFileName().toString()))
                    .filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p))
                    .forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private static boolean hiddenBelow(Path base, Path p) {
        for (Path part : base.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }
}
