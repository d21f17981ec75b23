package dev.cvpipe.train;

import dev.cvpipe.dataset.ImageInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A segmentation folder {@code DIR/{train,val}/{images,labels}}: each image pairs with the label
 * file of the same name up to the extension (photo.jpg with photo.png). val is optional.
 */
public record SegDataset(Path root, List<Pair> train, List<Pair> val) {
    public record Pair(Path image, Path mask) {}

    public static SegDataset read(Path root) throws IOException {
        if (!Files.isDirectory(root.resolve("train").resolve("images"))) {
            throw new IOException(root + ": expected train/images and train/labels (and val/...) inside");
        }
        List<Pair> train = pairs(root.resolve("train"));
        if (train.isEmpty()) throw new IOException(root.resolve("train/images") + ": no images");
        List<Pair> val = Files.isDirectory(root.resolve("val").resolve("images")) ? pairs(root.resolve("val")) : List.of();
        return new SegDataset(root, train, val);
    }

    private static List<Pair> pairs(Path split) throws IOException {
        Path labels = split.resolve("labels");
        if (!Files.isDirectory(labels)) throw new IOException(labels + ": no such folder");
        Map<String, Path> byStem = new HashMap<>();
        try (Stream<Path> files = Files.list(labels)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p)) continue;
                Path old = byStem.put(stem(name), p);
                if (old != null) throw new IOException(labels + ": two masks for " + stem(name) + " (" + old.getFileName() + ", " + name + ")");
            }
        }
        List<Pair> out = new ArrayList<>();
        for (ImageInputs.Input in : ImageInputs.fromFolder(split.resolve("images"))) {
            Path mask = byStem.get(stem(in.name()));
            if (mask == null) throw new IOException(in.path() + ": no mask with this name in " + labels);
            out.add(new Pair(in.path(), mask));
        }
        return out;
    }

    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
