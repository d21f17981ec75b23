package dev.cvpipe.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns command-line arguments into image files: a file is itself, a folder is every file with an
 * image extension below it (sorted, temp files skipped), a list file ({@code .txt}/{@code .lst}) is
 * one path per line (text before the first tab; relative to the list's folder, never escaping it).
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
     */
    public static List<Input> expand(List<Path> args) throws IOException {
        List<Input> out = new ArrayList<>();
        for (Path a : args) {
            if (Files.isDirectory(a)) {
                try (Stream<Path> walk = Files.walk(a)) {
                    walk.filter(p -> Files.isRegularFile(p) && ImageFormat.isImageName(p.getFileName().toString())
                                    && !p.getFileName().toString().startsWith(".")
                                    && !dev.cvpipe.io.AtomicFile.isTemp(p))
                            .sorted().forEach(p -> out.add(new Input(p, a)));
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else if (isListFile(a)) {
                Path root = a.toAbsolutePath().getParent().normalize();
                for (String line : Files.readAllLines(a, StandardCharsets.UTF_8)) {
                    String name = line.split("\t", 2)[0].trim();
                    if (name.isEmpty() || name.startsWith("#")) continue;
                    Path p = root.resolve(name).normalize();
                    if (!p.startsWith(root)) throw new IOException(a + ": path escapes the list's folder: " + name);
                    out.add(new Input(p, root));
                }
            } else {
                Path parent = a.toAbsolutePath().getParent();
                out.add(new Input(a, parent == null ? a : a.getParent() == null ? Path.of("") : a.getParent()));
            }
        }
        return out;
    }

    /** Replaces the extension of {@code name} (or appends one). */
    public static String withExtension(String name, String ext) {
        int dot = name.lastIndexOf('.');
        return (dot <= 0 ? name : name.substring(0, dot)) + "." + ext.toLowerCase(Locale.ROOT);
    }
}
