package dev.cvpipe.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * What a list or a folder tree yields once every bad entry has been reported and dropped.
 * @param inputSha256 SHA-256 of the list file, or of the sorted {@code class/file} listing for folders
 * @param unlisted image files in the images folder that no line mentions (sorted)
 */
public record LabelledSet(List<LabelledImage> images, ClassNames classes, String inputSha256, List<Path> unlisted) {
    public LabelledSet {
        images = List.copyOf(images);
        unlisted = List.copyOf(unlisted);
    }

    public int[] countsPerClass() {
        int[] c = new int[classes.size()];
        for (LabelledImage i : images) c[i.classId()]++;
        return c;
    }
}
