package dev.cvpipe.train;

import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.report.BadInputs;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes (through {@link ImageDecoder#readRgb}, so odd modes behave as in to-rgb) and resizes
 * the images of one list. A file that cannot be decoded is reported once and skipped in every
 * later epoch — training goes on without it.
 */
public final class ImageSource {
    private final List<Path> paths;
    private final int height, width;
    private final ResizeMode resize;
    private final BadInputs bad;
    private final Set<Integer> badItems = ConcurrentHashMap.newKeySet();

    public ImageSource(List<Path> paths, int height, int width, ResizeMode resize, BadInputs bad) {
        this.paths = List.copyOf(paths);
        this.height = height;
        this.width = width;
        this.resize = resize;
        this.bad = bad;
    }

    public int size() {
        return paths.size();
    }

    public int imageBytes() {
        return height * width * 3;
    }

    /** The resized image, or null when the file is bad (reported the first time). */
    public byte[] load(int item) {
        RgbImage img = decode(item);
        return img == null ? null : resize.apply(img, height, width);
    }

    /**
     * The decoded original (three bands: an image whose 4th band carries data is refused, see
     * {@link ImageDecoder#readRgbThreeBands}), or null when the file is bad.
     */
    private RgbImage decode(int item) {
        if (badItems.contains(item)) return null;
        try {
            return ImageDecoder.readRgbThreeBands(paths.get(item));
        } catch (BadImageException e) {
            if (badItems.add(item)) bad.report(paths.get(item), e.getMessage());
            return null;
        }
    }

    /**
     * Augmented loading: the random draws depend on (seed, epoch, item) only, not on threads. A
     * random-resized crop cuts the original; otherwise the image is resized first.
     */
    public BatchLoader.ItemSource augmented(Augment augment, long seed, int epoch) {
        if (augment.isEmpty()) return this::load;
        return item -> {
            RgbImage img = decode(item);
            return img == null ? null : augment.applyToOriginal(img, height, width, resize, new SplittableRandom(mix(seed, epoch, item)));
        };
    }

    /** A well-spread 64-bit hash of a few longs (SplitMix64 finaliser, chained). */
    public static long mix(long... xs) {
        long h = 0x9E3779B97F4A7C15L;
        for (long x : xs) {
            h += x * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }

    /** Epoch {@code epoch}'s shuffled order of {@code n} items (Fisher-Yates, seeded). */
    public static int[] shuffled(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom r = new SplittableRandom(mix(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }
}
