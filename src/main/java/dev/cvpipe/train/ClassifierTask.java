package dev.cvpipe.train;

import dev.cvpipe.dataset.DatasetView;
import dev.cvpipe.dataset.Subset;
import dev.cvpipe.metrics.ClassificationReport;
import dev.cvpipe.metrics.ConfusionMatrix;
import dev.cvpipe.report.BadInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Image classification on a split folder: one class id per image, softmax cross-entropy, macro-F1. */
public final class ClassifierTask implements TrainTask {
    private final DatasetView data;
    private final List<DatasetView.Item> train, val;
    private final TrainOptions o;
    private final ImageSource trainSrc, valSrc;
    private final ClassifierLoss loss;
    private final BatchMix mix;
    /** Keeps the batch-mix draws apart from the per-image streams keyed by (seed, epoch, item). */
    private static final long MIX_STREAM = 0x6d6978L;

    /** @param data a split folder ({@link DatasetView#split}): trains on its train list, validates on its val list */
    public ClassifierTask(DatasetView data, TrainOptions o, BadInputs bad) {
        this(data, o, BatchMix.OFF, bad);
    }

    /** @param mix mixup / cutmix per batch (soft targets through the loss), or {@link BatchMix#OFF} */
    public ClassifierTask(DatasetView data, TrainOptions o, BatchMix mix, BadInputs bad) {
        this.data = data;
        this.train = data.items(Subset.TRAIN);
        this.val = data.items(Subset.VAL);
        this.mix = mix;
        this.o = o;
        int classes = classes();
        float[] weights = o.classWeightsAuto() ? balancedWeights(labels(train), classes) : ones(classes);
        this.loss = new ClassifierLoss(classes, o.labelSmoothing(), weights, mix.enabled());
        this.trainSrc = source(train, bad);
        this.valSrc = source(val, bad);
    }

    private ImageSource source(List<DatasetView.Item> items, BadInputs bad) {
        List<Path> paths = new ArrayList<>();
        for (DatasetView.Item s : items) paths.add(s.file());
        return new ImageSource(paths, o.height(), o.width(), o.resize(), bad);
    }

    @Override public int classes() { return data.classes().size(); }
    @Override public List<String> labels() { return data.classes().names(); }
    @Override public TrainLoss loss() { return loss; }
    @Override public int trainSize() { return trainSrc.size(); }
    @Override public int valSize() { return valSrc.size(); }
    @Override public int itemBytes() { return trainSrc.imageBytes(); }
    @Override public BatchLoader.ItemSource trainItems(long seed, int epoch) { return trainSrc.augmented(o.augment(), seed, epoch); }
    @Override public BatchLoader.ItemSource valItems() { return valSrc::load; }
    @Override public int[] trainItemLabels() { return labels(train); }
    @Override public int[] valItemLabels() { return labels(val); }

    @Override
    public Feed feed(BatchLoader.Batch b, int height, int width) {
        return new Feed(b.pixels(), b.labels());
    }

    @Override
    public Feed trainFeed(BatchLoader.Batch b, int height, int width, long seed, int epoch, int batchIndex) {
        if (!mix.enabled() || b.n() == 0) return feed(b, height, width);
        BatchMix.Mixed m = mix.apply(b.pixels(), b.labels(), b.n(), height, width, classes(),
                new SplittableRandom(ImageSource.mix(seed, epoch, batchIndex, MIX_STREAM)));
        return new Feed(m.pixels(), b.labels(), m.targets());
    }

    @Override
    public Scores scores() {
        ConfusionMatrix cm = new ConfusionMatrix(classes());
        return new Scores() {
            @Override
            public void add(float[] logits, int[] labels, int n) {
                for (int i = 0; i < n; i++) cm.add(labels[i], Trainer.argmax(logits, i * classes(), classes()));
            }

            @Override
            public double accuracy() {
                return cm.total() == 0 ? Double.NaN : cm.accuracy();
            }

            @Override
            public double score() {
                return cm.total() == 0 ? Double.NaN : macroF1(cm);
            }
        };
    }

    @Override
    public List<String> columns() {
        return EpochMetrics.COLUMNS;
    }

    @Override
    public Map<String, Object> configEntries() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("label_smoothing", o.labelSmoothing());
        t.put("class_weights", o.classWeightsAuto() ? "auto" : "none");
        t.put("mixup", mix.mixupAlpha());
        t.put("cutmix", mix.cutmixAlpha());
        return t;
    }

    @Override
    public void checkCompatible(RunConfig c) {
        Trainer.checkSameShape(c, o, classes());
    }

    private static int[] labels(List<DatasetView.Item> items) {
        int[] l = new int[items.size()];
        for (int i = 0; i < l.length; i++) l[i] = items.get(i).classId();
        return l;
    }

    /**
     * Macro-F1 as scikit-learn's {@code f1_score(average='macro')}: ClassificationReport's F1 over
     * the classes that occur in the truth or the predictions (F1 = 0 where undefined).
     */
    static double macroF1(ConfusionMatrix cm) {
        List<Integer> present = new ArrayList<>();
        for (int c = 0; c < cm.classes(); c++) if (cm.rowSum(c) + cm.colSum(c) > 0) present.add(c);
        if (present.isEmpty()) return Double.NaN;
        ConfusionMatrix compact = new ConfusionMatrix(present.size());
        for (int i = 0; i < present.size(); i++) {
            for (int j = 0; j < present.size(); j++) {
                for (long k = cm.count(present.get(i), present.get(j)); k > 0; k--) compact.add(i, j);
            }
        }
        return ClassificationReport.of(compact).macroF1();
    }

    static double macroF1(List<Integer> truth, List<Integer> pred, int classes) {
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        for (int i = 0; i < truth.size(); i++) cm.add(truth.get(i), pred.get(i));
        return macroF1(cm);
    }

    /**
     * scikit-learn's "balanced": n / (classes present x count), so a balanced set gets all ones;
     * 0 for a class with no training images.
     */
    static float[] balancedWeights(int[] trainLabels, int classes) {
        int[] count = new int[classes];
        for (int label : trainLabels) count[label]++;
        int present = 0;
        for (int c : count) if (c > 0) present++;
        float[] w = new float[classes];
        for (int c = 0; c < classes; c++) w[c] = count[c] == 0 ? 0f : (float) trainLabels.length / (present * count[c]);
        return w;
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        return w;
    }
}
