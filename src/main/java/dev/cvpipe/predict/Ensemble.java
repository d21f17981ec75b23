package dev.cvpipe.predict;

import dev.cvpipe.dataset.ClassNames;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.model.Precision;
import dev.cvpipe.train.NetFactory;
import dev.cvpipe.train.RunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of one predict call, loaded together: classification averages their probabilities
 * (and those of the TTA views), segmentation their resized maps. Thread-safe once loaded (a
 * TensorFlow session runs concurrent calls), so one instance can serve every task of a JVM
 * ({@link ModelCache}).
 */
public final class Ensemble implements AutoCloseable {
    private final List<Predictor> models;
    /** Where each run's resize of an image starts in {@link #pixels}; the last entry is the total. */
    private final int[] offsets;

    private Ensemble(List<Predictor> models) {
        this.models = List.copyOf(models);
        offsets = new int[models.size() + 1];
        for (int m = 0; m < models.size(); m++) {
            RunConfig c = models.get(m).config();
            offsets[m + 1] = offsets[m] + c.height() * c.width() * 3;
        }
    }

    /** Loads every run (closing those already loaded if one fails). */
    public static Ensemble load(List<Path> runs, String checkpoint, NetFactory factory, int threads, Precision precision) throws IOException {
        return load(runs, checkpoint, factory, threads, threads == 1 ? 1 : 2, precision);
    }

    /** @param interOp how many callers may run the sessions at once without queueing (see {@link ModelCache}) */
    public static Ensemble load(List<Path> runs, String checkpoint, NetFactory factory, int threads, int interOp, Precision precision)
            throws IOException {
        List<Predictor> models = new ArrayList<>();
        try {
            for (Path run : runs) models.add(new Predictor(run, checkpoint, factory, threads, interOp, precision));
            return new Ensemble(models);
        } catch (IOException | RuntimeException | Error e) {
            for (Predictor p : models) p.close();
            throw e;
        }
    }

    /**
     * The class names the runs share, read without loading a graph (a Spark driver checks the
     * options and writes the headers with them): in the same order of reads as {@link Predictor},
     * so a broken run fails with the same message.
     */
    public static List<String> sharedLabels(List<Path> runs) throws IOException {
        List<String> first = null;
        for (Path run : runs) {
            RunConfig.read(run);
            List<String> labels = ClassNames.read(run.resolve(RunConfig.LABELS)).names();
            if (first == null) first = labels;
            else if (!labels.equals(first)) {
                throw new IOException(run + ": labels.txt differs from " + runs.get(0) + "'s; an ensemble needs the same classes");
            }
        }
        return first;
    }

    public List<Predictor> models() {
        return models;
    }

    public List<String> labels() {
        return models.get(0).labels();
    }

    public int classes() {
        return labels().size();
    }

    /** Bytes of one image in {@link #pixels}: every run's input laid side by side. */
    public int pixelBytes() {
        return offsets[models.size()];
    }

    /** One decode, each run's resize of it (by its own resize mode and size) laid side by side. */
    public byte[] pixels(RgbImage img) {
        byte[] all = new byte[pixelBytes()];
        for (int m = 0; m < models.size(); m++) {
            RunConfig c = models.get(m).config();
            byte[] px = c.resizeMode().apply(img, c.height(), c.width());
            System.arraycopy(px, 0, all, offsets[m], px.length);
        }
        return all;
    }

    /** Mean probability over runs and TTA views for {@code n} images of {@link #pixels}, [n * classes]. */
    public float[] probabilities(byte[] pixels, int n, String tta) {
        int classes = classes();
        float[] sum = new float[n * classes];
        int total = pixelBytes();
        int views = 0;
        for (int m = 0; m < models.size(); m++) {
            RunConfig c = models.get(m).config();
            int h = c.height(), w = c.width(), bytes = h * w * 3;
            byte[] batch = new byte[n * bytes];
            for (int i = 0; i < n; i++) System.arraycopy(pixels, i * total + offsets[m], batch, i * bytes, bytes);
            for (byte[] view : BatchPrediction.views(batch, n, h, w, tta)) {
                float[] p = models.get(m).probabilities(view, n);
                for (int i = 0; i < sum.length; i++) sum[i] += p[i];
                views++;
            }
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= views;
        return sum;
    }

    @Override
    public void close() {
        for (Predictor p : models) p.close();
    }
}
