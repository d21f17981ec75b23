package dev.cvpipe.train;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What differs between training a classifier and a segmentation network; {@link Trainer} runs
 * the shared loop (optimizer, schedule, checkpoints, resume, metrics.csv, curves) over either.
 */
public interface TrainTask {
    /** Network outputs: classes for a classifier, 1 (sigmoid) or K (softmax) for segmentation. */
    int classes();

    /** The lines of the run's labels.txt. */
    List<String> labels();

    TrainLoss loss();

    int trainSize();

    int valSize();

    /** Bytes per item as {@link BatchLoader} carries it (the image, plus a mask for segmentation). */
    int itemBytes();

    /** Training items, augmented from (seed, epoch, item) only. */
    BatchLoader.ItemSource trainItems(long seed, int epoch);

    BatchLoader.ItemSource valItems();

    /** One label per training item for the loader (classifiers), or null when labels travel in the item bytes. */
    int[] trainItemLabels();

    int[] valItemLabels();

    /** Network pixels and loss labels of a loaded batch. */
    Feed feed(BatchLoader.Batch b, int height, int width);

    /** Network pixels, loss labels, and soft targets [n*classes] when the batch was mixed (else null). */
    record Feed(byte[] pixels, int[] labels, float[] targets) {
        public Feed(byte[] pixels, int[] labels) {
            this(pixels, labels, null);
        }
    }

    /**
     * The feed of training batch {@code batchIndex} of {@code epoch}: {@link #feed} plus whatever
     * mixes whole batches (mixup / cutmix), drawn from (seed, epoch, batch) only.
     */
    default Feed trainFeed(BatchLoader.Batch b, int height, int width, long seed, int epoch, int batchIndex) {
        return feed(b, height, width);
    }

    /** A fresh accumulator of one epoch's predictions. */
    Scores scores();

    /** Accumulates predictions (logits from the graph) against labels. */
    interface Scores {
        void add(float[] logits, int[] labels, int n);

        double accuracy();

        /** The task's headline validation score: macro-F1 (classifier), mIoU (segmentation). */
        double score();
    }

    /** metrics.csv's columns, timing columns last (see {@link EpochMetrics#value}). */
    List<String> columns();

    /** Task-specific entries of config.json's {@code training} block. */
    Map<String, Object> configEntries();

    /** Refuses resuming a run trained differently. */
    void checkCompatible(RunConfig previous) throws IOException;
}
