package dev.cvpipe.predict;

import dev.cvpipe.dataset.ImageInputs;
import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.model.Precision;
import dev.cvpipe.image.ImageEncoder;
import dev.cvpipe.image.IndexMask;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Progress;
import dev.cvpipe.report.Table;
import dev.cvpipe.train.Augment;
import dev.cvpipe.train.NetFactory;
import dev.cvpipe.train.RunConfig;
import dev.cvpipe.train.ResizeMode;
import dev.cvpipe.train.SegLabels;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes one PNG mask per image with segmentation runs: every run (and, with TTA, every view)
 * gives per-pixel probabilities at its input size; each map is resized bilinearly (half-pixel
 * centres) to the image's original size, the maps are averaged, and then each pixel takes
 * p >= 0.5 (binary) or the argmax class. So the original size is restored on probabilities,
 * not by enlarging a label map. TTA {@code flip} averages the image, its left-right mirror and
 * its top-bottom mirror, as seed 003's {@code test()}.
 */
public final class SegPrediction {
    private SegPrediction() {}

    /**
     * @param checkpoint best | last | swa | ema
     * @param palette    write palette PNGs (class index with PASCAL VOC colours) instead of gray
     * @param force      overwrite masks already written (else a re-run skips them)
     */
    public record Options(List<Path> runs, Path out, String checkpoint, boolean tta, boolean palette, boolean force, int threads,
                          Precision precision) {
        public Options(List<Path> runs, Path out, String checkpoint, boolean tta, boolean palette, boolean force, int threads) {
            this(runs, out, checkpoint, tta, palette, force, threads, Precision.FP32);
        }

        /** The same options with the run folders where this JVM finds them. */
        public Options withRuns(List<Path> found) {
            return new Options(found, out, checkpoint, tta, palette, force, threads, precision);
        }

        public Options {
            if (runs.isEmpty()) throw new IllegalArgumentException("--model: at least one run");
            if (!Predictor.CHECKPOINTS.contains(checkpoint)) {
                throw new IllegalArgumentException("--checkpoint must be one of " + String.join(", ", Predictor.CHECKPOINTS) + ", got '" + checkpoint + "'");
            }
        }
    }

    public record Summary(int images, int written, int skipped, int bad) {
        /** What {@code seg predict} prints (as text, {@code --csv} or {@code --json}). */
        public Table table(Path out) {
            Table t = new Table("output", "images", "written", "skipped", "bad");
            t.add(out.toString(), images, written, skipped, bad);
            return t;
        }
    }

    /** One image's outcome: its mask written, or why the image could not be read. Serialisable, for Spark executors. */
    public record Outcome(String bad) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Where the masks are predicted and written: in this JVM ({@link #local}) or on a cluster's
     * executors. Hands {@code outcomes} one outcome per input, in input order.
     */
    @FunctionalInterface
    public interface Runner {
        void predict(List<ImageInputs.Input> todo, Consumer<Outcome> outcomes) throws IOException;
    }

    public static Summary run(List<ImageInputs.Input> inputs, Options o, NetFactory factory, BadInputs bad) throws IOException {
        return run(inputs, o, local(o, factory), bad);
    }

    /**
     * Prepares the output folder, leaves out images whose mask is there (unless --force), checks
     * the runs agree, has {@code runner} write the other masks, and reports the bad images in
     * input order.
     */
    public static Summary run(List<ImageInputs.Input> inputs, Options o, Runner runner, BadInputs bad) throws IOException {
        Files.createDirectories(o.out());
        AtomicFile.removeStaleTemps(o.out());
        int badBefore = bad.count();
        // whole-set checks, in input order: a mask over one of the images, two images with one mask name
        java.util.Set<Path> inputPaths = new java.util.HashSet<>();
        for (ImageInputs.Input in : inputs) inputPaths.add(in.path().toAbsolutePath().normalize());
        java.util.Map<Path, Path> owners = new java.util.HashMap<>();
        for (ImageInputs.Input in : inputs) { // a.png keeps mask a.png against a.jpg, as in to-rgb
            if (in.name().equals(target(o.out(), in).getFileName().toString())) owners.putIfAbsent(target(o.out(), in).toAbsolutePath().normalize(), in.path());
        }
        List<ImageInputs.Input> unique = new ArrayList<>();
        for (ImageInputs.Input in : inputs) {
            Path target = target(o.out(), in);
            Path key = target.toAbsolutePath().normalize();
            Path owner = owners.putIfAbsent(key, in.path());
            if (inputPaths.contains(key)) bad.report(in.path(), "output " + target.getFileName() + " would overwrite the input image " + target);
            else if (owner != null && !owner.equals(in.path())) bad.report(in.path(), "output " + target.getFileName() + " would overwrite the output of " + owner);
            else unique.add(in);
        }
        List<ImageInputs.Input> todo = new ArrayList<>();
        for (ImageInputs.Input in : unique) {
            if (o.force() || !Files.isRegularFile(target(o.out(), in))) todo.add(in);
        }
        int skipped = unique.size() - todo.size();
        if (skipped > 0) Log.info("seg predict: %d mask(s) already in %s, skipped (--force to redo)", skipped, o.out());
        sharedLabels(o.runs());
        int[] counts = new int[2]; // written, seen
        try (Progress bar = Progress.isTerminal() && !todo.isEmpty() ? new Progress("seg predict", todo.size()) : null) {
            runner.predict(todo, outcome -> {
                ImageInputs.Input in = todo.get(counts[1]++);
                if (bar != null) bar.step();
                if (outcome.bad() == null) counts[0]++;
                else bad.report(in.path(), outcome.bad());
            });
        }
        if (counts[1] != todo.size()) throw new IllegalStateException("predicted " + counts[1] + " of " + todo.size() + " images");
        return new Summary(inputs.size(), counts[0], skipped, bad.count() - badBefore);
    }

    /** The runs' shared mask convention, from their config.json (no graph loaded). */
    static SegLabels sharedLabels(List<Path> runs) throws IOException {
        SegLabels labels = null;
        for (Path run : runs) {
            SegLabels l;
            try {
                l = SegLabels.of(RunConfig.read(run));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(run + ": " + e.getMessage(), e);   // which of the --model runs
            }
            if (labels != null && (l.classes() != labels.classes() || l.invert() != labels.invert())) {
                throw new IllegalArgumentException(run + ": trained for " + l.classes() + " class(es)"
                        + (l.invert() ? " (inverted masks)" : "") + ", unlike " + runs.get(0));
            }
            labels = l;
        }
        return labels;
    }

    /** Loads the runs in this JVM for the call and writes the masks one image at a time. */
    public static Runner local(Options o, NetFactory factory) {
        return (todo, outcomes) -> {
            try (Ensemble models = Ensemble.load(o.runs(), o.checkpoint(), factory, o.threads(), o.precision())) {
                for (ImageInputs.Input in : todo) outcomes.accept(predictOne(models, o.tta(), o.palette(), in.path(), target(o.out(), in)));
            }
        };
    }

    /**
     * Predicts one image and writes its mask to {@code target} through {@link AtomicFile}; a Spark
     * executor calls this with the JVM's cached ensemble and absolute paths.
     */
    public static Outcome predictOne(Ensemble models, boolean tta, boolean palette, Path image, Path target) throws IOException {
        RgbImage img;
        try {
            img = ImageDecoder.readRgb(image);
        } catch (BadImageException e) {
            return new Outcome(e.getMessage());
        }
        IndexMask mask = predict(models.models(), img, tta, SegLabels.of(models.models().get(0).config()), palette);
        byte[] colours = palette ? VOC_PALETTE : null;
        AtomicFile.write(target, os -> ImageEncoder.writeMaskPng(mask, colours, os));
        return new Outcome(null);
    }

    /** {@code OUT/<input name without extension>.png}. */
    public static Path target(Path out, ImageInputs.Input in) {
        String name = in.name();
        int dot = name.lastIndexOf('.');
        return out.resolve((dot <= 0 ? name : name.substring(0, dot)) + ".png");
    }

    /** The mask of one image at its original size: 0/255 or class indices ({@code indices}: class indices even for binary). */
    static IndexMask predict(List<Predictor> models, RgbImage img, boolean tta, SegLabels labels, boolean indices) {
        int H = img.height(), W = img.width(), c = labels.classes();
        float[] sum = new float[H * W * c];
        int maps = 0;
        for (Predictor p : models) {
            int h = p.config().height(), w = p.config().width();
            byte[] px = ResizeMode.SQUASH.apply(img, h, w);
            int views = tta ? 3 : 1;
            byte[] batch = new byte[views * px.length];
            System.arraycopy(px, 0, batch, 0, px.length);
            if (tta) {
                System.arraycopy(Augment.flipHorizontal(px, h, w), 0, batch, px.length, px.length);
                System.arraycopy(Augment.flipVertical(px, h, w), 0, batch, 2 * px.length, px.length);
            }
            float[] probs = p.probabilities(batch, views);
            int plane = h * w * c;
            for (int v = 0; v < views; v++) {
                float[] one = new float[plane];
                System.arraycopy(probs, v * plane, one, 0, plane);
                if (v == 1) one = ProbabilityMaps.flipHorizontal(one, h, w, c);
                if (v == 2) one = ProbabilityMaps.flipVertical(one, h, w, c);
                float[] big = ProbabilityMaps.resize(one, h, w, c, H, W);
                for (int i = 0; i < sum.length; i++) sum[i] += big[i];
                maps++;
            }
        }
        byte[] out = new byte[H * W];
        for (int i = 0; i < H * W; i++) {
            int cls;
            if (c == 1) cls = sum[i] / maps >= 0.5f ? 1 : 0;
            else {
                cls = 0;
                for (int k = 1; k < c; k++) if (sum[i * c + k] > sum[i * c + cls]) cls = k;
            }
            out[i] = (byte) (indices ? cls : labels.outputValue(cls));
        }
        return new IndexMask(W, H, out);
    }

    /** PASCAL VOC's colour map (bit-interleaved class index), 256 entries. */
    private static final byte[] VOC_PALETTE = vocPalette();

    static byte[] vocPalette() {
        byte[] p = new byte[256 * 3];
        for (int i = 0; i < 256; i++) {
            int r = 0, g = 0, b = 0, c = i;
            for (int j = 0; j < 8; j++) {
                r |= ((c >> 0) & 1) << (7 - j);
                g |= ((c >> 1) & 1) << (7 - j);
                b |= ((c >> 2) & 1) << (7 - j);
                c >>= 3;
            }
            p[i * 3] = (byte) r;
            p[i * 3 + 1] = (byte) g;
            p[i * 3 + 2] = (byte) b;
        }
        return p;
    }
}
