package dev.cvpipe.spark;

import dev.cvpipe.cli.InspectCommand;
import dev.cvpipe.cli.PredictCommand;
import dev.cvpipe.cli.SegMetricsCommand;
import dev.cvpipe.cli.SegPredictCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CLI commands that run on Spark, by the class of their picocli object, with their names for messages. */
final class SparkCommands {
    private record Entry(String name, SparkCommand job) {}

    private static final Map<Class<?>, Entry> JOBS = new LinkedHashMap<>();

    static {
        JOBS.put(InspectCommand.class, new Entry("inspect", new InspectJob()));
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
