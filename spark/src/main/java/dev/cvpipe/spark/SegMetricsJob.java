package dev.cvpipe.spark;

import dev.cvpipe.cli.SegMetricsCommand;
import dev.cvpipe.metrics.MaskFolderEvaluator;
import dev.cvpipe.metrics.MaskLabels;
import dev.cvpipe.metrics.MaskPairs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code seg metrics} on Spark: the driver pairs the masks (a whole-set check) and reduces; each
 * task scores its pairs into per-pair counts (a few longs each) that the driver folds in list
 * order, so every value equals the single-machine command's.
 */
final class SegMetricsJob implements SparkCommand {
    @Override
    public int run(Object command, Cluster cluster) throws Exception {
        return ((SegMetricsCommand) command).run(labels -> runner(cluster, labels));
    }

    @Override
    public List<String> refusedOptions() {
        return List.of("--workers");
    }

    @Override
    public String whyRefused() {
        return "each task scores its pairs on its own core; spark.executor.cores sets the parallelism";
    }

    static MaskFolderEvaluator.Runner runner(Cluster cluster, MaskLabels labels) {
        int classes = labels.classes(), ignore = labels.ignore(), threshold = labels.threshold();
        return (pairs, listener) -> {
            List<String[]> work = new ArrayList<>(pairs.size());
            for (MaskPairs.Pair p : pairs) {
                work.add(new String[] {p.pred().toAbsolutePath().toString(), p.truth().toAbsolutePath().toString()});
            }
            List<MaskFolderEvaluator.PairScore> scores = cluster.mapPartitions("seg metrics", work, part -> {
                MaskFolderEvaluator.Scorer scorer = new MaskFolderEvaluator.Scorer(MaskLabels.of(classes, ignore, threshold));
                List<MaskFolderEvaluator.PairScore> res = new ArrayList<>(part.size());
                for (String[] w : part) res.add(scorer.score(Path.of(w[0]), Path.of(w[1])));
                return res;
            });
            MaskFolderEvaluator.Reduction reduction = new MaskFolderEvaluator.Reduction(classes, listener);
            for (int i = 0; i < scores.size(); i++) {
                MaskFolderEvaluator.PairScore s = scores.get(i);
                MaskPairs.Pair pair = pairs.get(i);
                listener.done();
                if (!s.ok()) {
                    String reason = PathStrings.restore(PathStrings.restore(s.reason(), work.get(i)[0], pair.pred()), work.get(i)[1], pair.truth());
                    s = new MaskFolderEvaluator.PairScore(null, s.badPrediction(), reason);
                }
                reduction.add(pair, s);
            }
            return reduction.result();
        };
    }
}
