package dev.cvpipe.train;

import dev.cvpipe.io.SafePaths;
import dev.cvpipe.report.BadInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A split folder as {@code cvpipe split} writes it: {@code labels.txt} (line i names class i),
 * {@code train_list.txt} and {@code val_list.txt} in PaddleX format ({@code <class_dir>/<file> <id>},
 * the id after the last space or tab so file names may contain spaces).
 */
public record SplitDataset(Path root, List<String> labels, List<Sample> train, List<Sample> val) {

    /** One labelled image: its path, its class id, and the list line it came from (for reports). */
    public record Sample(Path path, int label, String where) {}

    /** @param bad receives each list line whose path would leave the split folder (refused, the rest is read) */
    public static SplitDataset read(Path root, BadInputs bad) throws IOException {
        Path labelsFile = root.resolve("labels.txt");
        if (!Files.isRegularFile(labelsFile)) {
            throw new IOException(root + ": not a split folder (no labels.txt; make one with 'cvpipe split')");
        }
        List<String> labels = readLabels(labelsFile);
        List<Sample> train = readList(root, root.resolve("train_list.txt"), labels.size(), bad);
        Path valFile = root.resolve("val_list.txt");
        List<Sample> val = Files.isRegularFile(valFile) ? readList(root, valFile, labels.size(), bad) : List.of();
        if (train.isEmpty()) throw new IOException(root.resolve("train_list.txt") + ": no training images listed");
        return new SplitDataset(root, labels, train, val);
    }

    public static List<String> readLabels(Path file) throws IOException {
        List<String> labels = new ArrayList<>();
        for (String line : dev.cvpipe.io.InputFiles.readLines(file)) {
            String s = stripBom(line).strip();
            if (!s.isEmpty()) labels.add(s);
        }
        if (labels.isEmpty()) throw new IOException(file + ": no class names");
        return List.copyOf(labels);
    }

    static List<Sample> readList(Path root, Path file, int numClasses, BadInputs bad) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file (is this a 'cvpipe split' output?)");
        Path base = root.toAbsolutePath().normalize();
        List<Sample> out = new ArrayList<>();
        int n = 0;
        for (String raw : dev.cvpipe.io.InputFiles.readLines(file)) {
            n++;
            String line = stripBom(raw).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = file + ":" + n;
            int cut = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            if (cut <= 0) throw new IOException(where + ": expected '<class_dir>/<file> <id>'");
            String rel = line.substring(0, cut).strip();
            int id;
            try {
                id = Integer.parseInt(line.substring(cut + 1).strip());
            } catch (NumberFormatException e) {
                throw new IOException(where + ": class id is not an integer");
            }
            if (id < 0 || id >= numClasses) {
                throw new IOException(where + ": class id " + id + " outside labels.txt (0.." + (numClasses - 1) + ")");
            }
            // The split's own symlinks (split --mode symlink) lead outside by design, so only the
            // written path is checked here, with the same rule as every other list (SafePaths).
            try {
                out.add(new Sample(SafePaths.candidates(base, rel).get(0), id, where));
            } catch (IllegalArgumentException e) {
                bad.report(where, e.getMessage() + "; not followed");
            }
        }
        return List.copyOf(out);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    public int numClasses() {
        return labels.size();
    }
}
