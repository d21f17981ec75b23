package dev.cvpipe.dataset;

import dev.cvpipe.io.InputFiles;
import dev.cvpipe.io.SafePaths;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
     * Entries of a list file (first field of each line, up to a tab or comma, or before a
     * space-separated class id as in split's lists; blank lines and
     * {@code #} comments skipped), resolved inside {@code root} by {@link SafePaths}: a line that
     * would leave it is reported to {@code bad} as {@code LIST:LINE} and left out, as split does.
     */
    public static List<Input> fromList(Path list, Path root, BadInputs bad) throws IOException {
        List<Input> out = new ArrayList<>();
        List<String> lines = InputFiles.readLines(list);
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int cut = line.indexOf('\t');
            if (cut < 0) cut = line.indexOf(',');
            String entry = (cut < 0 ? line : line.substring(0, cut)).strip();
            if (cut < 0) entry = withoutSpacedId(root, entry);
            try {
                out.add(new Input(entry, SafePaths.resolve(root, entry)));
            } catch (IllegalArgumentException e) {
                bad.report(list + ":" + n, e.getMessage());
            }
        }
        out.sort(Comparator.comparing(Input::name));
        return out;
    }

    private static final Pattern SPACED_ID = Pattern.compile("^(.*\\S)\\s+[+-]?\\d+$");

    /**
     * The lists split writes are {@code CLASS_DIR/FILE ID}, space separated (PaddleX): a trailing
     * integer after a space is the class, unless the whole line names a file (names may hold spaces).
     */
    private static String withoutSpacedId(Path root, String entry) {
        Matcher m = SPACED_ID.matcher(entry);
        if (!m.matches()) return entry;
        try {
            if (Files.exists(root.resolve(entry), LinkOption.NOFOLLOW_LINKS)) return entry;
        } catch (InvalidPathException e) {
            return entry;
        }
        return m.group(1);
    }
}
