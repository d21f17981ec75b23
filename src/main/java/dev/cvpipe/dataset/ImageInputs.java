package dev.cvpipe.dataset;

import dev.cvpipe.io.InputFiles;
import dev.cvpipe.io.SafePaths;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import java.io.IOException;
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
     * Entries of a list file (first field of each line, up to a tab or comma, or up to the space
     * before a trailing class id as in PaddleX lists; blank lines and
     * {@code #} comments skipped), resolved inside {@code root} by {@link SafePaths}: a line that
     * would leave it is reported to {@code bad} as {@code LIST:LINE} and left out, as split does.
     */
    /**
     * Where a PaddleX line {@code dir/name.jpg 3} (what split writes) ends its path: the last run of
     * spaces when only a class id (digits) follows it; -1 otherwise (the whole line is the path, so
     * a file name with spaces and no class still works).
     */
    static int paddleClassCut(String line) {
        int sp = line.lastIndexOf(' ');
        if (sp <= 0 || sp == line.length() - 1) return -1;
        String tail = line.substring(sp + 1);
        for (int i = 0; i < tail.length(); i++) {
            if (tail.charAt(i) < '0' || tail.charAt(i) > '9') return -1;
        }
        return sp;
    }

    public static List<Input> fromList(Path list, Path root, BadInputs bad) throws IOException {
        List<Input> out = new ArrayList<>();
        List<String> lines = InputFiles.readLines(list);
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int cut = line.indexOf('\t');
            if (cut < 0) cut = line.indexOf(',');
            if (cut < 0) cut = paddleClassCut(line);
            String entry = (cut < 0 ? line : line.substring(0, cut)).strip();
            try {
                out.add(new Input(entry, SafePaths.resolve(root, entry)));
            } catch (IllegalArgumentException e) {
                bad.report(list + ":" + n, e.getMessage());
            }
        }
        out.sort(Comparator.comparing(Input::name));
        return out;
    }
}
