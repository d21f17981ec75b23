package dev.cvpipe.metrics;

import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.IndexMask;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scores a list of prediction/truth mask pairs on a few worker threads. Each worker decodes one
 * pair at a time, so memory is one mask pair per worker whatever the number of files; counts
 * are summed per worker and merged at the end. A pair that cannot be scored (undecodable,
 * RGB, sizes differ, a value that is not a class) is reported to the listener and left out.
 */
public final class MaskFolderEvaluator {
    /** Callbacks; all optional. Called from worker threads, but never concurrently. */
    public interface Listener {
        default void bad(Path file, String reason) {}

        /** Once per counted pair, in list order; {@code counts} is the pair's own matrix. */
        default void image(MaskPairs.Pair pair, ConfusionMatrix counts) {}

        /** Once per pair, counted or not, in completion order. */
        default void done() {}
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

    private final MaskLabels labels;
    private final int workers;

    public MaskFolderEvaluator(MaskLabels labels, int workers) {
        if (workers < 1) throw new IllegalArgumentException("need at least one worker, got " + workers);
        this.labels = labels;
        this.workers = workers;
    }

    public Result evaluate(List<MaskPairs.Pair> pairs, Listener listener) {
        int k = labels.classes();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        InOrder inOrder = new InOrder(listener);
        int threads = Math.max(1, Math.min(workers, pairs.size()));
        Worker[] all = new Worker[threads];
        Thread[] running = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Worker w = new Worker(new MaskCounter(labels), new ConfusionMatrix(k));
            all[t] = w;
            running[t] = new Thread(() -> {
                try {
                    for (int i; !stop.get() && (i = next.getAndIncrement()) < pairs.size(); ) {
                        MaskPairs.Pair pair = pairs.get(i);
                        ConfusionMatrix one = w.score(pair, inOrder);
                        inOrder.deliver(i, pair, one);
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
        ConfusionMatrix total = new ConfusionMatrix(k);
        int images = 0;
        for (Worker w : all) {
            total.add(w.total);
            images += w.images;
        }
        return new Result(total, inOrder.imagewise, images, inOrder.bad);
    }

    /** A worker's counter and running sums. */
    private final class Worker {
        final MaskCounter counter;
        final ConfusionMatrix total;
        int images;
        /** The previous pair's pixels, decoded over by the next pair (one pair per worker in memory). */
        byte[] predBuffer, truthBuffer;

        Worker(MaskCounter counter, ConfusionMatrix total) {
            this.counter = counter;
            this.total = total;
        }

        /** The pair's matrix, or null after reporting why it cannot be scored. */
        ConfusionMatrix score(MaskPairs.Pair pair, InOrder out) {
            IndexMask pred = read(pair.pred(), predBuffer, out);
            if (pred == null) return null;
            predBuffer = pred.values();
            IndexMask truth = read(pair.truth(), truthBuffer, out);
            if (truth == null) return null;
            truthBuffer = truth.values();
            if (pred.width() != truth.width() || pred.height() != truth.height()) {
                out.bad(pair.pred(), "size " + pred.width() + "x" + pred.height() + " differs from ground truth "
                        + pair.truth() + " (" + truth.width() + "x" + truth.height() + ")");
                return null;
            }
            ConfusionMatrix one = new ConfusionMatrix(labels.classes());
            MaskCounter.BadValue bad = counter.count(pred, truth, one);
            if (bad != null) {
                out.bad(bad.inPrediction() ? pair.pred() : pair.truth(),
                        "value " + bad.value() + " is not a class (expected " + labels.expected() + ")");
                return null;
            }
            total.add(one);
            images++;
            return one;
        }

        private IndexMask read(Path file, byte[] reuse, InOrder out) {
            try {
                return ImageDecoder.readMask(file, reuse);
            } catch (BadImageException e) {
                out.bad(file, e.getMessage());
                return null;
            }
        }
    }

    /**
     * Hands results to the listener one at a time and in list order, holding back those that
     * finish early; smp's per-image scores are summed here too, so the floating-point sum is the
     * same whichever worker scored which pair. With a shared work counter a worker is at most a pair or two ahead of the
     * slowest, so only a handful are ever held.
     */
    private static final class InOrder {
        private final Listener listener;
        private final Map<Integer, Object[]> waiting = new HashMap<>();
        private int next;
        int bad;
        final SmpScores.Imagewise imagewise = new SmpScores.Imagewise();

        InOrder(Listener listener) {
            this.listener = listener;
        }

        synchronized void bad(Path file, String reason) {
            bad++;
            listener.bad(file, reason);
        }

        synchronized void deliver(int index, MaskPairs.Pair pair, ConfusionMatrix counts) {
            listener.done();
            waiting.put(index, new Object[] {pair, counts});
            for (Object[] r; (r = waiting.remove(next)) != null; next++) {
                if (r[1] == null) continue;
                imagewise.addImage((ConfusionMatrix) r[1]);
                listener.image((MaskPairs.Pair) r[0], (ConfusionMatrix) r[1]);
            }
        }
    }
}
