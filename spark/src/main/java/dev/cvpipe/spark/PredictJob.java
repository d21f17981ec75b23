package dev.cvpipe.spark;

import dev.cvpipe.cli.PredictCommand;
import dev.cvpipe.dataset.ImageInputs;
import dev.cvpipe.model.Precision;
import dev.cvpipe.predict.BatchPrediction;
import dev.cvpipe.predict.ClassPrediction;
import dev.cvpipe.predict.PredictOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code predict} on Spark: the driver lists the images, checks the runs and options and writes
 * result.csv (the CLI's writer); each task predicts its slice of images in batches with its
 * executor's cached runs and returns one small row per image.
 */
final class PredictJob implements SparkCommand {
    @Override
    public int run(Object command, Cluster cluster) throws Exception {
        RunFolders folders = new RunFolders(cluster);
        return ((PredictCommand) command).run(folders::onDriver, o -> runner(cluster, folders, o));
    }

    @Override
    public List<String> refusedOptions() {
        return List.of("--threads", "--workers");
    }

    @Override
    public String whyRefused() {
        return "each executor runs one TensorFlow session on all its cores (spark.executor.cores), each task decodes on spark.task.cpus threads";
    }

    static BatchPrediction.Runner runner(Cluster cluster, RunFolders folders, PredictOptions o) {
        String checkpoint = o.checkpoint();
        Precision precision = o.precision();
        int batch = o.batch();
        String tta = o.tta();
        return (inputs, rows) -> {
            List<String> runs = folders.forExecutors(o.runs());
            List<String> files = absolute(inputs);
            List<ClassPrediction> out = cluster.mapPartitions("predict", files, part -> {
                List<ClassPrediction> res = new ArrayList<>(part.size());
                BatchPrediction.predict(RunFolders.models(runs, checkpoint, precision), part.stream().map(Path::of).toList(),
                        batch, RunFolders.taskCpus(), tta, res::add);
                return res;
            });
            for (int i = 0; i < out.size(); i++) {
                ClassPrediction r = out.get(i);
                rows.accept(r.ok() ? r : ClassPrediction.failed(PathStrings.restore(r.bad(), files.get(i), inputs.get(i).path())));
            }
        };
    }

    static List<String> absolute(List<ImageInputs.Input> inputs) {
        return inputs.stream().map(in -> in.path().toAbsolutePath().toString()).toList();
    }
}
