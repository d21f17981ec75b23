package dev.cvpipe.spark;

import dev.cvpipe.io.AtomicFile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * {@link Cluster#map} for work that wants a whole partition at once: predicting in batches with a
 * model the task fetches once. Same slicing, same batch of writes per task, results in item order.
 */
final class Partitions {
    /** The executor side: one partition's items in, one result per item out, in order. */
    @FunctionalInterface
    interface Task<T, R> extends Serializable {
        List<R> run(List<T> items) throws Exception;
    }

    private Partitions() {}

    static <T extends Serializable, R> List<R> map(Cluster cluster, String label, List<T> items, Task<T, R> task) {
        if (items.isEmpty()) return new ArrayList<>();
        JavaSparkContext ctx = cluster.context();
        ctx.setJobDescription("cvpipe " + label + " (" + items.size() + " inputs)");
        int slices = Cluster.slices(items.size(), ctx.defaultParallelism(),
                (int) ctx.getConf().getLong(Cluster.FILES_PER_TASK, Cluster.DEFAULT_FILES_PER_TASK));
        FlatMapFunction<Iterator<T>, R> part = it -> {
            List<T> in = new ArrayList<>();
            it.forEachRemaining(in::add);
            List<R> out = AtomicFile.batch(() -> task.run(in));
            if (out.size() != in.size()) throw new IllegalStateException(label + ": " + out.size() + " results for " + in.size() + " inputs");
            return out.iterator();
        };
        return new ArrayList<>(ctx.parallelize(items, slices).mapPartitions(part).collect());
    }
}
