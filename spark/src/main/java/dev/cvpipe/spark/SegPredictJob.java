package dev.cvpipe.spark;

import dev.cvpipe.cli.SegPredictCommand;
import dev.cvpipe.dataset.ImageInputs;
import dev.cvpipe.model.Precision;
import dev.cvpipe.predict.SegPrediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code seg predict} on Spark: the driver lists the images, skips masks already written and
 * checks the runs; each task predicts its images with its executor's cached runs and writes their
 * masks to the shared output folder through {@code AtomicFile}; bad images come back as rows and
 * are reported by the driver in input order.
 */
final class SegPredictJob implements SparkCommand {
    @Override
    public int run(Object command, Cluster cluster) throws Exception {
        RunFolders folders = new RunFolders(cluster);
        return ((SegPredictCommand) command).run(folders::onDriver, o -> runner(cluster, folders, o));
    }

    @Override
    public List<String> refusedOptions() {
        return List.of("--threads");
    }

    @Override
    public String whyRefused() {
        return "each executor runs one TensorFlow session on all its cores (spark.executor.cores)";
    }

    static SegPrediction.Runner runner(Cluster cluster, RunFolders folders, SegPrediction.Options o) {
        String checkpoint = o.checkpoint();
        Precision precision = o.precision();
        boolean tta = o.tta(), palette = o.palette();
        return (todo, outcomes) -> {
            List<String> runs = folders.forExecutors(o.runs());
            List<String> images = PredictJob.absolute(todo);
            List<String[]> work = new ArrayList<>(todo.size());
            for (int i = 0; i < todo.size(); i++) {
                work.add(new String[] {images.get(i), SegPrediction.target(o.out(), todo.get(i)).toAbsolutePath().toString()});
            }
            List<SegPrediction.Outcome> out = cluster.mapPartitions("seg predict", work, part -> {
                var models = RunFolders.models(runs, checkpoint, precision);
                List<SegPrediction.Outcome> res = new ArrayList<>(part.size());
                for (String[] w : part) res.add(SegPrediction.predictOne(models, tta, palette, Path.of(w[0]), Path.of(w[1])));
                return res;
            });
            for (int i = 0; i < out.size(); i++) {
                SegPrediction.Outcome r = out.get(i);
                ImageInputs.Input in = todo.get(i);
                outcomes.accept(r.bad() == null ? r : new SegPrediction.Outcome(PathStrings.restore(r.bad(), images.get(i), in.path())));
            }
        };
    }
}
