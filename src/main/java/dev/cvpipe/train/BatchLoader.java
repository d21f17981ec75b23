package dev.cvpipe.train;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds batches on worker threads while the graph runs: at most {@code prefetch} batches are
 * in flight, so memory is bounded by batch x prefetch whatever the dataset size. Batches come
 * out in order, and each image's content depends only on (its index, the epoch, the seed) —
 * never on which worker ran it — so the stream is identical for any number of workers.
 */
public final class BatchLoader implements Iterator<BatchLoader.Batch>, AutoCloseable {

    /** A batch: {@code n} images of {@code h x w x 3} bytes and their labels (bad files left out). */
    public record Batch(byte[] pixels, int[] labels, int[] items, int n) {}

    /** Produces one image's bytes, or null when the input is bad (and already reported). */
    @FunctionalInterface
    public interface ItemSource {
        byte[] load(int item);
    }

    private final int[] order;
    private final int batchSize;
    private final int imageBytes;
    private final int[] labels;
    private final ItemSource source;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
    private final int prefetch;
    private int nextStart;

    /**
     * @param order    item indices in the order to batch them
     * @param labels   label per item index (or null when unlabelled)
     * @param imageBytes bytes per image, {@code h*w*3}
     */
    public BatchLoader(int[] order, int[] labels, int batchSize, int imageBytes, int workers, int prefetch, ItemSource source) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1");
        this.order = order;
        this.labels = labels;
        this.batchSize = batchSize;
        this.imageBytes = imageBytes;
        this.source = source;
        this.prefetch = Math.max(1, prefetch);
        this.pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "cvpipe-batch");
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    public int batches() {
        return (order.length + batchSize - 1) / batchSize;
    }

    private void fill() {
        while (inFlight.size() < prefetch && nextStart < order.length) {
            int start = nextStart;
            int end = Math.min(order.length, start + batchSize);
            nextStart = end;
            inFlight.add(pool.submit(() -> build(start, end)));
        }
    }

    private Batch build(int start, int end) {
        // Each batch task decodes its images in parallel with the other in-flight batches.
        int cap = end - start;
        byte[] px = new byte[cap * imageBytes];
        int[] lab = new int[cap];
        int[] items = new int[cap];
        int n = 0;
        for (int i = start; i < end; i++) {
            int item = order[i];
            byte[] img = source.load(item);
            if (img == null) continue;
            if (img.length != imageBytes) throw new IllegalStateException("image has " + img.length + " bytes, expected " + imageBytes);
            System.arraycopy(img, 0, px, n * imageBytes, imageBytes);
            lab[n] = labels == null ? -1 : labels[item];
            items[n] = item;
            n++;
        }
        return new Batch(px, lab, items, n);
    }

    @Override
    public boolean hasNext() {
        return !inFlight.isEmpty();
    }

    @Override
    public Batch next() {
        Future<Batch> f = inFlight.poll();
        if (f == null) throw new NoSuchElementException();
        try {
            Batch b = f.get();
            fill();
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading a batch", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c.getMessage(), c);
        }
    }

    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        pool.shutdownNow();
    }
}
