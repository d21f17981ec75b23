package dev.cvpipe.dataset;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
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
        List<Path> out = new ArrayList<>();
        Path base = root.toAbsolutePath().normalize();
        // walkFileTree, not Files.walk: a file deleted between listing and stat (another run's temp
        // file) is skipped instead of aborting the scan with NoSuchFileException.
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                return d.equals(base) || !isHidden(d) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
                if (!isHidden(p) && isImageName(p.getFileName().toString()) && (a.isRegularFile() || a.isSymbolicLink())) out.add(p);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException && !p.equals(base)) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
        out.sort(null);
        return out;
    }
}
