package dev.cvpipe.spark;

import java.util.List;

/** How one CLI command runs on Spark: its parsed picocli object, run with the per-file work on executors. */
interface SparkCommand {
    /** {@code command} is the parsed CLI command object of the class this job is registered for. */
    int run(Object command, Cluster cluster) throws Exception;

    /** Options of the CLI command that make no sense on a cluster: given, they are a usage error (exit 2). */
    default List<String> refusedOptions() {
        return List.of("--jobs");
    }

    default String whyRefused() {
        return "the executors' task slots (spark.executor.cores / spark.task.cpus) set the parallelism";
    }
}
