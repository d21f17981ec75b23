package dev.cvpipe.dataset;

import dev.cvpipe.io.SafePaths;
import dev.cvpipe.report.BadInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A labelled dataset as {@code stats} sees it, whatever shape it came in: a split made by
 * {@code split} (its labels.txt and lists, so train/val/test are known), a folder of class
 * folders, or a list file. Only reads; nothing needs to exist beyond the list files themselves.
 * @param kind "split", "folders" or "list"
 * @param root where the images are
 */
public record DatasetView(String kind, Path root, ClassNames classes, List<Item> items) {
    /** One image; {@code subset} is null unless the dataset is a split. */
    public record Item(Path file, int classId, Subset subset) {}

    public DatasetView {
        items = List.copyOf(items);
    }

    /** The images of one part of a split, in list order (training reads {@code TRAIN}, evaluation {@code VAL}). */
    public List<Item> items(Subset subset) {
        return items.stream().filter(i -> i.subset() == subset).toList();
    }

    public boolean hasSubsets() {
        return kind.equals("split");
    }

    /**
     * @param images the images folder of a list (default: the list's own folder); ignored otherwise
     */
    public static DatasetView open(Path dataset, Path images, BadInputs bad) throws IOException {
        if (Files.isDirectory(dataset)) {
            if (Files.exists(dataset.resolve(SplitManifest.FILE_NAME)) || Files.exists(dataset.resolve(Subset.TRAIN.listFileName()))) {
                return openSplit(dataset, bad);
            }
            LabelledSet set = DatasetSources.fromFolders(dataset, null, null, null, null, bad);
            List<Item> items = new ArrayList<>();
            for (LabelledImage i : set.images()) items.add(new Item(i.source(), i.classId(), null));
            return new DatasetView("folders", dataset, set.classes(), items);
        }
        if (!Files.isRegularFile(dataset)) throw new IOException(dataset + ": no such file or folder");
        Path root = images != null ? images : dataset.toAbsolutePath().getParent();
        List<Item> items = readList(dataset, root, null, null, bad);
        int max = items.stream().mapToInt(Item::classId).max().orElse(-1);
        return new DatasetView("list", root, ClassNames.numbered(max + 1), items);
    }

    /**
     * A split folder as {@code split} writes it, for training: its labels.txt and lists. Unusable
     * list lines (a bad class id, a path that climbs out of the folder) are reported to {@code bad}
     * and left out.
     * @throws IOException when {@code dir} is not a split folder or lists no training image
     */
    public static DatasetView split(Path dir, BadInputs bad) throws IOException {
        Path trainList = dir.resolve(Subset.TRAIN.listFileName());
        if (!Files.isRegularFile(trainList)) {
            throw new IOException(dir + ": not a split folder (no " + Subset.TRAIN.listFileName() + "; make one with 'cvpipe split')");
        }
        DatasetView v = openSplit(dir, bad);
        if (v.items(Subset.TRAIN).isEmpty()) throw new IOException(trainList + ": no training images listed");
        return v;
    }

    private static DatasetView openSplit(Path dir, BadInputs bad) throws IOException {
        Path labels = dir.resolve(DatasetSplitter.LABELS_FILE);
        ClassNames names = Files.exists(labels) ? ClassNames.read(labels) : null;
        List<Item> items = new ArrayList<>();
        for (Subset s : Subset.values()) {
            Path list = dir.resolve(s.listFileName());
            if (Files.exists(list)) items.addAll(readList(list, dir, names == null ? null : names.size(), s, bad));
        }
        if (names == null) names = ClassNames.numbered(items.stream().mapToInt(Item::classId).max().orElse(-1) + 1);
        return new DatasetView("split", dir, names, items);
    }

    private static List<Item> readList(Path list, Path root, Integer numClasses, Subset subset, BadInputs bad)
            throws IOException {
        List<Item> items = new ArrayList<>();
        List<LabelListReader.Problem> problems = new ArrayList<>();
        for (ListLine l : LabelListReader.read(list, numClasses, bad).lines()) {
            // A missing file is a bad input here as in split: reported once, not counted.
            Path file = DatasetSources.resolve(root, l, null, new HashSet<>(), problems);
            if (file != null) items.add(new Item(file, l.label(), subset));
        }
        for (LabelListReader.Problem p : problems) bad.report(p.where(), p.reason());
        return items;
    }
}
