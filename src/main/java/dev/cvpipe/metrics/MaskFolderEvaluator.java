package dev.cvpipe.metrics;

import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.IndexMask;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scores a list of prediction/truth mask pairs on a few worker threads. Each worker decodes one
 * pair at a time, so memory is one mask pair per worker whatever the number of files. A pair
 * that cannot be scored (undecodable, RGB, sizes differ, a value that is not a class) is
 * reported to the listener and left out.
 *
 * <p>The work is in two parts so that a cluster can split it: a {@link Scorer} turns one pair
 * into a small serialisable {@link PairScore} (on any thread or machine), and a
 * {@link Reduction} folds the scores in list order into the dataset's {@link Result}: the same
 * values whoever scored which pair.
 */
public final class MaskFolderEvaluator {
    /** Callbacks; all optional. Never called concurrently. */
    public interface Listener {
        /** A bad input, in list order. */
        default void bad(Path file, String reason) {}

        /** Once per counted pair, in list order; {@code counts} is the pair's own matrix. */
        default void image(MaskPairs.Pair pair, ConfusionMatrix counts) {}

        /** Once per pair, counted or not, in completion order. */
        default void done() {}
    }

    /** How a list of pairs gets scored: this class's threads, or a cluster (same listener calls, same result). */
    @FunctionalInterface
    public interface Runner {
        Result evaluate(List<MaskPairs.Pair> pairs, Listener listener) throws IOException;
    }

    /** The dataset's matrix, smp's per-image sums, and how many pairs went into them. */
    public record Result(ConfusionMatrix total, SmpScores.Imagewise imagewise, int images, int badPairs) {
        public SegmentationMetrics metrics() {
            return SegmentationMetrics.of(total);
        }

        public SmpScores smp(SmpReduction reduction) {
            return SmpScores.of(reduction, total, imagewise);
        }
    }

    /**
     * One pair's outcome: its matrix, or which of its two files is bad and why. Serialisable and
     * free of paths, so it can come back from an executor and be named with the driver's paths.
     */
    public record PairScore(ConfusionMatrix counts, boolean badPrediction, String reason) implements Serializable {
        private static final long serialVersionUID = 1L;

        static PairScore bad(boolean inPrediction, String reason) {
            return new PairScore(null, inPrediction, reason);
        }

        public boolean ok() {
            return counts != null;
        }

        public Path badFile(MaskPairs.Pair pair) {
            return badPrediction ? pair.pred() : pair.truth();
        }
    }

    /** Scores pairs one at a time; one per thread (it owns a histogram and the decode buffers). */
    public static final class Scorer {
        private final MaskLabels labels;
        private final MaskCounter counter;
        /** The previous pair's pixels, decoded over by the next pair (one pair per scorer in memory). */
        private byte[] predBuffer, truthBuffer;

        public Scorer(MaskLabels labels) {
            this.labels = labels;
            this.counter = new MaskCounter(labels);
        }

        public PairScore score(Path predFile, Path truthFile) {
            IndexMask pred, truth;
            try {
                pred = ImageDecoder.readMask(predFile, predBuffer);
            } catch (BadImageException e) {
                return PairScore.bad(true, e.getMessage());
            }
            predBuffer = pred.values();
            try {
                truth = ImageDecoder.readMask(truthFile, truthBuffer);
            } catch (BadImageException e) {
                return PairScore.bad(false, e.getMessage());
            }
            truthBuffer = truth.values();
            if (pred.width() != truth.width() || pred.height() != truth.height()) {
                return PairScore.bad(true, "size " + pred.width() + "x" + pred.height() + " differs from ground truth "
                        + truthFile + " (" + truth.width() + "x" + truth.height() + ")");
            }
            ConfusionMatrix one = new ConfusionMatrix(labels.classes());
            MaskCounter.BadValue bad = counter.count(pred, truth, one);
            if (bad != null) {
                return PairScore.bad(bad.inPrediction(), "value " + bad.value() + " is not a class (expected " + labels.expected() + ")");
            }
            return new PairScore(one, false, null);
        }
    }

    /**
     * Folds pair scores, given in list order, into the dataset's result and hands them to the
     * listener; smp's per-image scores are summed here, so the floating-point sum is the same
     * whoever scored which pair.
     */
    public static final class Reduction {
        private final Listener listener;
        private final ConfusionMatrix total;
        private final SmpScores.Imagewise imagewise = new SmpScores.Imagewise();
        private int images, bad;

        public Reduction(int classes, Listener listener) {
            this.total = new ConfusionMatrix(classes);
            this.listener = listener;
        }

        public void add(MaskPairs.Pair pair, PairScore score) {
            if (!score.ok()) {
                bad++;
                listener.bad(score.badFile(pair), score.reason());
                return;
            }
            total.add(score.counts());
            imagewise.addImage(score.counts());
            images++;
            listener.image(pair, score.counts());
        }

        public Result result() {
            return new Result(total, imagewise, images, bad);
        }
    }

    private final MaskLabels labels;
    private final int workers;

    public MaskFolderEvaluator(MaskLabels labels, int workers) {
        if (workers < 1) throw new IllegalArgumentException("need at least one worker, got " + workers);
        this.labels = labels;
        this.workers = workers;
    }

    public Result evaluate(List<MaskPairs.Pair> pairs, Listener listener) {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        InOrder inOrder = new InOrder(new Reduction(labels.classes(), listener), listener);
        int threads = Math.max(1, Math.min(workers, pairs.size()));
        Thread[] running = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Scorer scorer = new Scorer(labels);
            running[t] = new Thread(() -> {
                try {
                    for (int i; !stop.get() && (i = next.getAndIncrement()) < pairs.size(); ) {
                        MaskPairs.Pair pair = pairs.get(i);
                        inOrder.deliver(i, pair, scorer.score(pair.pred(), pair.truth()));
                    }
                } catch (RuntimeException | Error e) {
                    stop.set(true);
                    failure.compareAndSet(null, e instanceof RuntimeException re ? re : new IllegalStateException(e));
                }
            }, "seg-metrics-" + t);
            running[t].setDaemon(true);
            running[t].start();
        }
        for (Thread th : running) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure.get() != null) throw failure.get();
        return inOrder.reduction.result();
    }

    /**
     * Hands scores to the reduction one at a time and in list order, holding back those that
     * finish early. With a shared work counter a worker is at most a pair or two ahead of the
     * slowest, so only a handful are ever held.
     */
    private static final class InOrder {
        final Reduction reduction;
        private final Listener listener;
        private final Map<Integer, Object[]> waiting = new HashMap<>();
        private int next;

        InOrder(Reduction reduction, Listener listener) {
            this.reduction = reduction;
            this.listener = listener;
        }

        synchronized void deliver(int index, MaskPairs.Pair pair, PairScore score) {
            listener.done();
            waiting.put(index, new Object[] {pair, score});
            for (Object[] r; (r = waiting.remove(next)) != null; next++) {
                reduction.add((MaskPairs.Pair) r[0], (PairScore) r[1]);
            }
        }
    }
}
