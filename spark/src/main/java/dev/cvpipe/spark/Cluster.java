package dev.cvpipe.spark;

import dev.cvpipe.io.AtomicFile;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark side of a job: the driver hands it a list of small serialisable items (absolute path
 * strings, never {@code java.nio.file.Path}: not serialisable, and relative paths would resolve
 * against each executor's own working folder), executors run the per-input work in partitions, and the small
 * result rows come back in input order. The context is started only when a job first needs it, so
 * usage errors and {@code --help} never start Spark.
 */
public final class Cluster {
    /** Inputs per task unless {@code spark.cvpipe.filesPerTask} says otherwise (see README, "Sizing partitions"). */
    public static final int DEFAULT_FILES_PER_TASK = 1000;
    public static final String FILES_PER_TASK = "spark.cvpipe.filesPerTask";

    private static Cluster submitted;

    private final Supplier<JavaSparkContext> start;
    private final boolean owned;
    private JavaSparkContext sc;

    private Cluster(Supplier<JavaSparkContext> start, boolean owned) {
        this.start = start;
        this.owned = owned;
    }

    /** A cluster on a context someone else started and stops (tests share one per class). */
    public static Cluster of(JavaSparkContext sc) {
        return new Cluster(() -> sc, false);
    }

    /** The session spark-submit configured (master, executors, conf), started on first use. */
    static synchronized Cluster fromSubmit() {
        submitted = new Cluster(() -> JavaSparkContext.fromSparkContext(
                SparkSession.builder().appName("cvpipe").getOrCreate().sparkContext()), true);
        return submitted;
    }

    static synchronized void stopSubmitted() {
        if (submitted != null && submitted.owned && submitted.sc != null) submitted.sc.stop();
    }

    public synchronized JavaSparkContext context() {
        if (sc == null) sc = start.get();
        return sc;
    }

    /**
     * Applies {@code task} to every item on the executors and returns the results in item order.
     * Each partition is one batch of writes ({@link AtomicFile#batch}): an output folder's owner
     * lock is taken once per task, not once per file.
     */
    public <T extends Serializable, R> List<R> map(String label, List<T> items, Function<T, R> task) throws Exception {
        return mapPartitions(label, items, part -> {
            List<R> out = new ArrayList<>(part.size());
            for (T item : part) out.add(task.call(item));
            return out;
        });
    }

    /** The executor side of {@link #mapPartitions}: one partition's items in, one result per item out, in order. */
    @FunctionalInterface
    public interface PartitionTask<T, R> extends Serializable {
        List<R> run(List<T> items) throws Exception;
    }

    /**
     * As {@link #map}, for work that wants a whole partition at once (predicting in batches with a
     * model each task fetches once).
     */
    public <T extends Serializable, R> List<R> mapPartitions(String label, List<T> items, PartitionTask<T, R> task) throws IOException {
        if (items.isEmpty()) return new ArrayList<>();
        JavaSparkContext ctx = context();
        ctx.setJobDescription("cvpipe " + label + " (" + items.size() + " inputs)");
        int slices = slices(items.size(), ctx.defaultParallelism(),
                (int) ctx.getConf().getLong(FILES_PER_TASK, DEFAULT_FILES_PER_TASK));
        FlatMapFunction<Iterator<T>, R> part = it -> {
            List<T> in = new ArrayList<>();
            it.forEachRemaining(in::add);
            List<R> out = AtomicFile.batch(() -> task.run(in));
            if (out.size() != in.size()) throw new IllegalStateException(label + ": " + out.size() + " results for " + in.size() + " inputs");
            return out.iterator();
        };
        try {
            return new ArrayList<>(ctx.parallelize(items, slices).mapPartitions(part).collect());
        } catch (Exception e) {
            // a task's own failure (a full disk: OutputException; a run folder missing on an executor) ends the run
            // as the CLI reports it, not as a stage abort
            if (e instanceof SparkException && e.getCause() instanceof RuntimeException cause) throw cause;
            if (e instanceof SparkException && e.getCause() instanceof IOException cause) throw cause;
            if (e instanceof RuntimeException re) throw re;
            throw new IOException(e instanceof SparkException ? taskFailure(e.getMessage()) : e.getMessage(), e);
        }
    }

    /**
     * Spark's stage-abort message carries the task's whole stack trace and "Driver stacktrace:" after
     * its first line; the run ends with that first line (which names the task's exception), and a class
     * missing on an executor says how to ship cvpipe's libraries. {@code -v} still prints the trace.
     */
    static String taskFailure(String message) {
        if (message == null) return null;
        String first = message.lines().findFirst().orElse("").strip();
        if (first.contains("NoClassDefFoundError") || first.contains("ClassNotFoundException")) {
            first += " (the executors lack cvpipe's libraries: ship spark/target/lib/*.jar with --jars, "
                    + "or name them in spark.executor.extraClassPath)";
        }
        return first;
    }

    /** At least one task per core the cluster offers, at most {@code filesPerTask} inputs in one. */
    static int slices(int n, int parallelism, int filesPerTask) {
        int byFiles = (int) ((n + (long) Math.max(1, filesPerTask) - 1) / Math.max(1, filesPerTask));
        return Math.max(1, Math.min(n, Math.max(byFiles, parallelism)));
    }
}
