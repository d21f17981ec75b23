package dev.cvpipe.cli;

import dev.cvpipe.metrics.MaskFolderEvaluator;
import dev.cvpipe.metrics.MaskLabels;
import dev.cvpipe.metrics.MaskPairs;
import dev.cvpipe.metrics.SegMetricsReport;
import dev.cvpipe.metrics.SmpReduction;
import dev.cvpipe.metrics.SmpScores;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.OutputFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {
            "Score predicted masks against ground-truth masks.",
            "",
            "Masks are paired by file name without extension.",
            "Prints seed 003's block from one confusion matrix over all pixels",
            "(FCN's conventions): acc = trace/total; acc_cls = nanmean(diag/row);",
            "iou = diag/(row+col-diag), NaN (JSON null) for a class in neither truth",
            "nor prediction; miou = nanmean(iou); fwavacc = sum of freq*iou over",
            "classes with freq = row/total > 0; class_recall and f1_score: with",
            "--classes 2 the foreground's recall and F1 (as the seed prints them),",
            "with more classes their means over classes. Then a per-class table.",
            "--csv prints only that table, --json only the block (keys acc, acc_cls,",
            "iou, miou, fwavacc, class_recall, f1_score).",
            "",
            "--reduction adds segmentation_models.pytorch's iou_score, f1_score,",
            "precision, recall, accuracy on its 'multiclass' one-vs-rest stats:",
            "micro sums tp/fp/fn/tn over images and classes; macro scores each class",
            "(0/0 -> 1) and averages classes; micro-imagewise scores each image",
            "(0/0 -> 1) and averages images.",
            "",
            "Masks are class indices: palette PNGs by index, gray images by level.",
            "With --classes 2, values other than 0/1 are thresholded (>= --threshold",
            "is foreground), so 0/255 masks work as they are.",
        })
public final class SegMetricsCommand implements Callable<Integer> {
    @Option(names = "--pred", required = true, paramLabel = "DIR", description = "Predicted masks.")
    Path pred;

    @Option(names = "--gt", required = true, paramLabel = "DIR", description = "Ground-truth masks.")
    Path gt;

    @Option(names = "--classes", required = true, paramLabel = "K", description = "Number of classes (2 = binary).")
    int classes;

    @Option(names = "--ignore", paramLabel = "LABEL",
            description = {"Ground-truth value not scored (e.g. 255); a prediction of it is a miss for the true class.",
                "Wins over --threshold with --classes 2. Default: none."})
    Integer ignore;

    @Option(names = "--threshold", paramLabel = "LEVEL", defaultValue = "128",
            description = "With --classes 2: values >= LEVEL (other than 0/1) are foreground. Default: ${DEFAULT-VALUE}.")
    int threshold;

    @Option(names = "--per-image", paramLabel = "FILE.csv",
            description = "Also write name, pixels, acc, miou and per-class IoU of every pair.")
    Path perImage;

    @Option(names = "--reduction", paramLabel = "R",
            description = "Add segmentation_models.pytorch's scores: micro, macro or micro-imagewise.")
    String reduction;

    @Option(names = "--workers", paramLabel = "N", description = "Decoding threads. Default: the number of CPUs.")
    Integer workers;

    @Mixin
    StrictOption strictOption;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws IOException {
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (threads < 1) throw new CvpipeException("--workers must be at least 1", ExitCode.USAGE);
        return run(labels -> new MaskFolderEvaluator(labels, threads)::evaluate);
    }

    /** Runs the parsed command with the pairs scored by {@code runners}' runner (the Spark module passes its own). */
    public int run(Function<MaskLabels, MaskFolderEvaluator.Runner> runners) throws IOException {
        OutputFormat fmt = format.format();
        MaskLabels labels;
        SmpReduction smp;
        try {
            labels = MaskLabels.of(classes, ignore == null ? MaskLabels.NO_IGNORE : ignore, threshold);
            smp = reduction == null ? null : SmpReduction.parse(reduction);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        BadInputs bad = strictOption.badInputs();
        long t0 = System.nanoTime();
        List<MaskPairs.Pair> pairs = MaskPairs.match(pred, gt, bad::report);
        long t1 = System.nanoTime();
        if (Log.verbose()) {
            Log.debug("seg metrics: JVM up %d ms before the command; %d pairs listed in %d ms",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), pairs.size(), (t1 - t0) / 1_000_000);
        }
        if (pairs.isEmpty()) throw new CvpipeException("no prediction/ground-truth pairs in " + pred + " and " + gt);
        MaskFolderEvaluator.Result result = SegMetricsReport.evaluate(pairs, classes, perImage, bad, runners.apply(labels));
        long t2 = System.nanoTime();
        Log.debug("seg metrics: %d pairs scored in %d ms", pairs.size(), (t2 - t1) / 1_000_000);
        if (result.images() == 0) throw new CvpipeException("no mask pair could be scored (" + bad.count() + " bad inputs)");
        SegMetricsReport.print(format.out(), fmt, result, smp);
        Log.info("seg metrics: %d pairs scored, %d bad inputs", result.images(), bad.count());
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }
}
