package dev.cvpipe.image;

import dev.cvpipe.io.InputFiles;
import dev.cvpipe.io.SafePaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * Turns command-line arguments into image files: a file is itself, a folder is every file with an
 * image extension below it (sorted, temp files skipped), a list file ({@code .txt}/{@code .lst}) is
 * one path per line (text before the first tab; relative to the list's folder, never escaping it:
 * see {@link SafePaths}).
 */
public final class ImageFiles {
    /** One input and the folder its output path is mirrored from. */
    public record Input(Path file, Path root) {
        public Path relative() {
            return root.relativize(file);
        }
    }

    private ImageFiles() {}

    public static boolean isListFile(Path p) {
        String ext = ImageFormat.extensionOf(p.getFileName().toString());
        return Files.isRegularFile(p) && (ext.equals("txt") || ext.equals("lst") || ext.equals("list"));
    }

    /**
     * Expands the arguments. Paths that do not exist are returned as inputs too, so the caller
     * reports them as bad inputs rather than silently dropping them.
     * @param badLine receives ("LIST:LINE", reason) for each list line refused by {@link SafePaths}
     */
    public static List<Input> expand(List<Path> args, BiConsumer<String, String> badLine) throws IOException {
        List<Input> out = new ArrayList<>();
        for (Path a : args) {
            if (Files.isDirectory(a)) {
                // a FIFO, socket or device named like an image is kept, so the reader refuses it
                // unopened ("not a regular file") instead of it vanishing from the count
                List<Path> found = walk(a, false, (p, attrs) -> Files.exists(p) && !Files.isDirectory(p)
                        && !dev.cvpipe.io.AtomicFile.isTemp(p));
                for (Path p : found) out.add(new Input(p, a));
            } else if (isListFile(a)) {
                Path root = a.toAbsolutePath().getParent().normalize();
                List<String> lines = InputFiles.readLines(a);
                for (int i = 0; i < lines.size(); i++) {
                    String name = lines.get(i).split("\t", 2)[0].trim();
                    if (name.isEmpty() || name.startsWith("#")) continue;
                    try {
                        out.add(new Input(SafePaths.resolve(root, name), root));
                    } catch (IllegalArgumentException e) {
                        badLine.accept(a + ":" + (i + 1), e.getMessage());
                    }
                }
            } else {
                Path parent = a.toAbsolutePath().getParent();
                out.add(new Input(a, parent == null ? a : a.getParent() == null ? Path.of("") : a.getParent()));
            }
        }
        return out;
    }

    /**
     * The files below {@code root} with an image extension and no leading dot that {@code keep}
     * accepts, sorted; {@code skipHiddenFolders} also leaves out folders whose name starts with a dot.
     * The one folder walk of inspect, to-rgb and split: walkFileTree, not Files.walk, so a file deleted
     * between listing and stat (a concurrent run's temp file) is skipped instead of failing the command.
     */
    public static List<Path> walk(Path root, boolean skipHiddenFolders, BiPredicate<Path, BasicFileAttributes> keep)
            throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return d.equals(root) || !skipHiddenFolders || !hidden(d) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                if (!hidden(p) && ImageFormat.isImageName(p.getFileName().toString()) && keep.test(p, attrs)) found.add(p);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException && !p.equals(root)) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
        found.sort(null);
        return found;
    }

    private static boolean hidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    /** Replaces the extension of {@code name} (or appends one). */
    public static String withExtension(String name, String ext) {
        int dot = name.lastIndexOf('.');
        return (dot <= 0 ? name : name.substring(0, dot)) + "." + ext.toLowerCase(Locale.ROOT);
    }
}
