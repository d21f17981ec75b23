package dev.cvpipe.predict;

import dev.cvpipe.model.Precision;
import dev.cvpipe.report.Log;
import dev.cvpipe.train.NetFactory;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded {@link Ensemble} per set of runs per JVM, shared by every task the JVM runs (a Spark
 * executor runs many tasks, several at once): a graph and its session take 0.6-2 s and hundreds of
 * MB to load, far more than predicting a partition of small images. Thread-safe: the first task
 * that needs a key loads it while the others wait; a load that fails is not remembered, so the
 * next task tries again. Entries live as long as the JVM.
 */
public final class ModelCache {
    /**
     * What identifies a loaded ensemble: the run folders (absolute path strings as the executor
     * sees them), which weights, the arithmetic, and TensorFlow's threads: {@code threads} for the
     * kernels (all the cores of the tasks sharing the session) and {@code tasks}, how many tasks run
     * it at once (one inter-op thread each, so their batches do not queue). Serialisable.
     */
    public record Key(List<String> runs, String checkpoint, Precision precision, int threads, int tasks) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Key {
            runs = List.copyOf(runs);
            if (threads < 0) throw new IllegalArgumentException("threads must be 0 (all cores) or more, got " + threads);
            if (tasks < 1) throw new IllegalArgumentException("tasks must be at least 1, got " + tasks);
        }

        /** One task at a time: TensorFlow's usual inter-op setting for {@code threads}. */
        public Key(List<String> runs, String checkpoint, Precision precision, int threads) {
            this(runs, checkpoint, precision, threads, threads == 1 ? 1 : 2);
        }

        public List<Path> paths() {
            return runs.stream().map(Path::of).toList();
        }
    }

    /** A cached ensemble and how long its load took, for the log and for benchmarks. */
    public record Entry(Ensemble models, long loadMillis) {}

    private static final Map<Key, Entry> LOADED = new ConcurrentHashMap<>();

    private ModelCache() {}

    /** The ensemble for {@code key}, loaded on first use in this JVM. */
    public static Ensemble get(Key key, NetFactory factory) throws IOException {
        return entry(key, factory).models();
    }

    public static Entry entry(Key key, NetFactory factory) throws IOException {
        try {
            return LOADED.computeIfAbsent(key, k -> {
                long t0 = System.nanoTime();
                try {
                    Ensemble e = Ensemble.load(k.paths(), k.checkpoint(), factory, k.threads(), k.tasks(), k.precision());
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    Log.info("model cache: %s loaded in %d ms (%d TensorFlow threads for %d concurrent task(s))",
                            String.join(", ", k.runs()), ms, k.threads(), k.tasks());
                    return new Entry(e, ms);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The keys loaded in this JVM (which thread counts the tasks asked for, say). */
    public static java.util.Set<Key> keys() {
        return java.util.Set.copyOf(LOADED.keySet());
    }

    /** How many ensembles this JVM holds. */
    public static int size() {
        return LOADED.size();
    }

    /** Closes and forgets every ensemble (tests; a JVM that ends need not call it). */
    public static synchronized void clear() {
        for (Key k : List.copyOf(LOADED.keySet())) {
            Entry e = LOADED.remove(k);
            if (e != null) e.models().close();
        }
    }
}
