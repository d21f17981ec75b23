package dev.cvpipe.dataset;

import dev.cvpipe.report.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The images a command reads (predict, a segmentation folder), sorted by the name its outputs show. */
public final class ImageInputs {
    /** An image: the name result.csv shows, and where it is. */
    public record Input(String name, Path path) {}

    private static final Set<String> IMAGE_EXT = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "webp");

    private ImageInputs() {}

    /** Every image file directly in {@code dir} (by extension), named by file name. */
    public static List<Input> fromFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder");
        List<Input> out = new ArrayList<>();
        int skipped = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p)) continue;
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (IMAGE_EXT.contains(ext)) out.add(new Input(name, p));
                else skipped++;
            }
        }
        if (skipped > 0) Log.info("predict: %d file(s) in %s without an image extension not predicted", skipped, dir);
        out.sort(Comparator.comparing(Input::name));
        return out;
    }

    /**
     * Entries of a list file (first field of each line, up to a tab or comma; blank lines and
     * {@code #} comments skipped), resolved inside {@code root} — never outside it.
     */
    public static List<Input> fromList(Path list, Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        List<Input> out = new ArrayList<>();
        int n = 0;
        for (String raw : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            n++;
            String line = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int cut = line.indexOf('\t');
            if (cut < 0) cut = line.indexOf(',');
            String entry = (cut < 0 ? line : line.substring(0, cut)).strip();
            Path p = base.resolve(entry).normalize();
            if (Path.of(entry).isAbsolute() || !p.startsWith(base)) {
                throw new IOException(list + ":" + n + ": path escapes " + root);
            }
            out.add(new Input(entry, p));
        }
        out.sort(Comparator.comparing(Input::name));
        return out;
    }
}
