package dev.cvpipe.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * What a split run did.
 * @param placed images newly copied, moved or linked into class folders by this run
 * @param filesWritten list/label/manifest files whose bytes changed
 * @param unlisted images in the images folder the input did not mention
 */
public record SplitResult(Path out, ClassNames classes, StratifiedSplit.Plan plan, int placed, int filesWritten,
                          List<Path> unlisted) {
    public boolean changedNothing() {
        return placed == 0 && filesWritten == 0;
    }

    public int total() {
        int n = 0;
        for (Subset s : Subset.values()) n += plan.total(s);
        return n;
    }
}
