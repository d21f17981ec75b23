package dev.cvpipe.dataset;

import java.nio.file.Path;

/**
 * Everything {@link DatasetSplitter#run} needs. Give either {@code list} and {@code images}, or
 * {@code folders}.
 * @param labels a labels file naming the classes (folder names), or null for {@code 00..NN}
 * @param numClasses allowed class ids 0..numClasses-1, or null
 * @param clean replace a split that {@code out} holds from other arguments
 * @param toolVersion recorded in split.json
 */
public record SplitRequest(Path list, Path images, Path folders, Path out, Path labels, Integer numClasses,
                           LinkMode mode, long seed, SplitShare val, SplitShare test, boolean clean,
                           String toolVersion) {
    public static final long DEFAULT_SEED = 42;

    public SplitRequest {
        if ((list == null) == (folders == null)) {
            throw new IllegalArgumentException("give either a list and its images folder, or a folder of class folders");
        }
        if (list != null && images == null) throw new IllegalArgumentException("a list needs its images folder");
        if (out == null) throw new IllegalArgumentException("no output folder");
        if (mode == null) mode = LinkMode.COPY;
        if (val == null) val = SplitShare.NONE;
        if (test == null) test = SplitShare.NONE;
        if (numClasses != null && numClasses < 1) throw new IllegalArgumentException("--num-classes must be at least 1");
        if (val.isFraction() && test.isFraction() && val.fraction().add(test.fraction()).compareTo(java.math.BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("val + test must leave something for training (" + val + " + " + test + ")");
        }
        if (toolVersion == null) toolVersion = "dev";
    }

    /** A list-file split with the defaults: copy, seed 42, no val, no test. */
    public static SplitRequest ofList(Path list, Path images, Path out) {
        return new SplitRequest(list, images, null, out, null, null, LinkMode.COPY, DEFAULT_SEED, null, null, false, null);
    }

    public static SplitRequest ofFolders(Path folders, Path out) {
        return new SplitRequest(null, null, folders, out, null, null, LinkMode.COPY, DEFAULT_SEED, null, null, false, null);
    }

    public SplitRequest withShares(SplitShare v, SplitShare t) {
        return new SplitRequest(list, images, folders, out, labels, numClasses, mode, seed, v, t, clean, toolVersion);
    }

    public SplitRequest withSeed(long s) {
        return new SplitRequest(list, images, folders, out, labels, numClasses, mode, s, val, test, clean, toolVersion);
    }

    public SplitRequest withMode(LinkMode m) {
        return new SplitRequest(list, images, folders, out, labels, numClasses, m, seed, val, test, clean, toolVersion);
    }

    public SplitRequest withClean(boolean c) {
        return new SplitRequest(list, images, folders, out, labels, numClasses, mode, seed, val, test, c, toolVersion);
    }

    public SplitRequest withClasses(Path labelsFile, Integer n) {
        return new SplitRequest(list, images, folders, out, labelsFile, n, mode, seed, val, test, clean, toolVersion);
    }

    public SplitRequest withToolVersion(String v) {
        return new SplitRequest(list, images, folders, out, labels, numClasses, mode, seed, val, test, clean, v);
    }
}
