package dev.cvpipe.train;

import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.IndexMask;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.metrics.ConfusionMatrix;
import dev.cvpipe.metrics.SegmentationMetrics;
import dev.cvpipe.report.BadInputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Semantic segmentation on {@code DIR/{train,val}/{images,labels}}: per-pixel labels from the
 * masks ({@link SegLabels}), a {@link SegLoss}, validation mIoU over one confusion matrix of all
 * validation pixels (FCN's convention, as {@code seg metrics}). Images are squashed to the input
 * size (bilinear), masks resized by nearest neighbour. Each loaded item is the image's
 * {@code h*w*3} bytes followed by its {@code h*w} label bytes.
 */
public final class SegTask implements TrainTask {
    private final SegDataset data;
    private final TrainOptions o;
    private final SegLabels labels;
    private final SegLoss loss;
    private final BadInputs bad;
    private final Set<String> badFiles = ConcurrentHashMap.newKeySet();

    public SegTask(SegDataset data, TrainOptions o, SegLabels labels, SegLoss.Kind loss, BadInputs bad) {
        this.data = data;
        this.o = o;
        this.labels = labels;
        this.loss = new SegLoss(loss, labels.classes(), o.labelSmoothing());
        this.bad = bad;
    }

    @Override public int classes() { return labels.classes(); }
    @Override public TrainLoss loss() { return loss; }
    @Override public int trainSize() { return data.train().size(); }
    @Override public int valSize() { return data.val().size(); }
    @Override public int itemBytes() { return o.height() * o.width() * 4; }
    @Override public int[] trainItemLabels() { return null; }
    @Override public int[] valItemLabels() { return null; }

    /** labels.txt: background/foreground for binary, class indices otherwise. */
    @Override
    public List<String> labels() {
        if (labels.binary()) return List.of("background", "foreground");
        List<String> l = new ArrayList<>();
        for (int c = 0; c < labels.classes(); c++) l.add(Integer.toString(c));
        return l;
    }

    @Override
    public BatchLoader.ItemSource trainItems(long seed, int epoch) {
        return item -> {
            byte[][] im = load(data.train().get(item));
            if (im == null) return null;
            if (!o.augment().isEmpty()) {
                im = o.augment().applyPaired(im[0], im[1], o.height(), o.width(), new SplittableRandom(ImageSource.mix(seed, epoch, item)));
            }
            return join(im);
        };
    }

    @Override
    public BatchLoader.ItemSource valItems() {
        return item -> {
            byte[][] im = load(data.val().get(item));
            return im == null ? null : join(im);
        };
    }

    /** {image h*w*3, labels h*w}, or null for a bad pair (reported once). */
    byte[][] load(SegDataset.Pair p) {
        String key = p.image().toString();
        if (badFiles.contains(key)) return null;
        try {
            RgbImage img = ImageDecoder.readRgbThreeBands(p.image());
            IndexMask mask;
            try {
                mask = ImageDecoder.readMask(p.mask());
            } catch (BadImageException e) {
                return reject(key, p.mask().toString(), e.getMessage());
            }
            if (mask.width() != img.width() || mask.height() != img.height()) {
                return reject(key, p.mask().toString(), "mask is " + mask.width() + "x" + mask.height() + ", image "
                        + img.width() + "x" + img.height());
            }
            byte[] lab;
            try {
                lab = labels.labels(mask, o.height(), o.width());
            } catch (IllegalArgumentException e) {
                return reject(key, p.mask().toString(), e.getMessage());
            }
            return new byte[][] {ResizeMode.SQUASH.apply(img, o.height(), o.width()), lab};
        } catch (BadImageException e) {
            return reject(key, p.image().toString(), e.getMessage());
        }
    }

    private byte[][] reject(String key, String where, String why) {
        if (badFiles.add(key)) bad.report(where, why);
        return null;
    }

    private static byte[] join(byte[][] im) {
        byte[] out = new byte[im[0].length + im[1].length];
        System.arraycopy(im[0], 0, out, 0, im[0].length);
        System.arraycopy(im[1], 0, out, im[0].length, im[1].length);
        return out;
    }

    @Override
    public Feed feed(BatchLoader.Batch b, int height, int width) {
        int img = height * width * 3, hw = height * width, item = img + hw;
        byte[] px = new byte[b.n() * img];
        int[] lab = new int[b.n() * hw];
        for (int i = 0; i < b.n(); i++) {
            System.arraycopy(b.pixels(), i * item, px, i * img, img);
            for (int k = 0; k < hw; k++) lab[i * hw + k] = b.pixels()[i * item + img + k] & 0xff;
        }
        return new Feed(px, lab);
    }

    @Override
    public Scores scores() {
        ConfusionMatrix cm = new ConfusionMatrix(labels.metricClasses());
        int c = labels.classes();
        return new Scores() {
            @Override
            public void add(float[] logits, int[] truth, int n) {
                int[] pred = predictions(logits, c, truth.length);
                cm.addAll(truth, pred, SegLoss.IGNORE);
            }

            @Override
            public double accuracy() {
                return cm.total() == 0 ? Double.NaN : cm.accuracy();
            }

            @Override
            public double score() {
                return cm.total() == 0 ? Double.NaN : SegmentationMetrics.of(cm).miou();
            }
        };
    }

    /** Per-pixel classes from logits [pixels * c]: logit > 0 (p > 0.5) for binary, argmax otherwise. */
    static int[] predictions(float[] logits, int c, int pixels) {
        int[] pred = new int[pixels];
        for (int i = 0; i < pixels; i++) pred[i] = c == 1 ? (logits[i] > 0 ? 1 : 0) : Trainer.argmax(logits, i * c, c);
        return pred;
    }

    @Override
    public List<String> columns() {
        return EpochMetrics.SEG_COLUMNS;
    }

    @Override
    public Map<String, Object> configEntries() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("task", "segmentation");
        t.put("loss", loss.kind().cli);
        t.put("label_smoothing", o.labelSmoothing());
        t.put("mask_threshold", labels.threshold());
        t.put("invert_mask", labels.invert());
        t.put("ignore", labels.ignore() < 0 ? null : labels.ignore());
        return t;
    }

    @Override
    public void checkCompatible(RunConfig c) {
        Trainer.checkSameShape(c, o, classes());
    }
}
