package dev.cvpipe.spark;

import dev.cvpipe.cli.InspectCommand;
import dev.cvpipe.cli.PredictCommand;
import dev.cvpipe.cli.SegMetricsCommand;
import dev.cvpipe.cli.SegPredictCommand;
import dev.cvpipe.cli.ToRgbCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI commands that run on Spark, by the class of their picocli object, with their names for
 * messages. To add one: move the command's steps into a library class whose {@code run} takes a
 * per-item runner, give the public CLI command a {@code run(Runner)} that its {@code call()} uses
 * with threads, and register here a {@link SparkCommand} that passes a runner mapping absolute
 * path strings through {@link Cluster#map} and restoring the user's paths in the results.
 */
final class SparkCommands {
    private record Entry(String name, SparkCommand job) {}

    private static final Map<Class<?>, Entry> JOBS = new LinkedHashMap<>();

    static {
        JOBS.put(InspectCommand.class, new Entry("inspect", new InspectJob()));
        JOBS.put(ToRgbCommand.class, new Entry("to-rgb", new ToRgbJob()));
        JOBS.put(PredictCommand.class, new Entry("predict", new PredictJob()));
        JOBS.put(SegPredictCommand.class, new Entry("seg predict", new SegPredictJob()));
        JOBS.put(SegMetricsCommand.class, new Entry("seg metrics", new SegMetricsJob()));
    }

    private SparkCommands() {}

    static SparkCommand forCommand(Object command) {
        Entry e = JOBS.get(command.getClass());
        return e == null ? null : e.job();
    }

    static List<String> names() {
        return JOBS.values().stream().map(Entry::name).toList();
    }
}
