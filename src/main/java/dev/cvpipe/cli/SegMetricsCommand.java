package dev.cvpipe.cli;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.metrics.ConfusionMatrix;
import dev.cvpipe.metrics.MaskFolderEvaluator;
import dev.cvpipe.metrics.MaskLabels;
import dev.cvpipe.metrics.MaskPairs;
import dev.cvpipe.metrics.SegmentationMetrics;
import dev.cvpipe.metrics.SmpReduction;
import dev.cvpipe.metrics.SmpScores;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Csv;
import dev.cvpipe.report.Json;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.OutputFormat;
import dev.cvpipe.report.Progress;
import dev.cvpipe.report.Table;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVPrinter;
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
        OutputFormat fmt = format.format();
        MaskLabels labels;
        SmpReduction smp;
        try {
            labels = MaskLabels.of(classes, ignore == null ? MaskLabels.NO_IGNORE : ignore, threshold);
            smp = reduction == null ? null : SmpReduction.parse(reduction);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (threads < 1) throw new CvpipeException("--workers must be at least 1", ExitCode.USAGE);

        BadInputs bad = strictOption.badInputs();
        long t0 = System.nanoTime();
        List<MaskPairs.Pair> pairs = MaskPairs.match(pred, gt, bad::report);
        long t1 = System.nanoTime();
        if (Log.verbose()) {
            Log.debug("seg metrics: JVM up %d ms before the command; %d pairs listed in %d ms",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), pairs.size(), (t1 - t0) / 1_000_000);
        }
        if (pairs.isEmpty()) throw new CvpipeException("no prediction/ground-truth pairs in " + pred + " and " + gt);
        MaskFolderEvaluator evaluator = new MaskFolderEvaluator(labels, threads);
        MaskFolderEvaluator.Result result;
        try (Progress progress = new Progress("seg metrics", pairs.size())) {
            if (perImage == null) {
                result = evaluator.evaluate(pairs, listener(bad, progress, null));
            } else {
                Object[] holder = new Object[1];
                AtomicFile.write(perImage, out -> {
                    var w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    CSVPrinter csv = Csv.printer(w, perImageHeader());
                    holder[0] = evaluator.evaluate(pairs, listener(bad, progress, csv));
                    csv.flush();
                });
                result = (MaskFolderEvaluator.Result) holder[0];
            }
        }
        long t2 = System.nanoTime();
        Log.debug("seg metrics: %d pairs scored on %d threads in %d ms", pairs.size(), threads, (t2 - t1) / 1_000_000);
        if (result.images() == 0) throw new CvpipeException("no mask pair could be scored (" + bad.count() + " bad inputs)");
        print(format.out(), fmt, result, smp);
        Log.info("seg metrics: %d pairs scored, %d bad inputs", result.images(), bad.count());
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }

    private String[] perImageHeader() {
        List<String> h = new ArrayList<>(List.of("name", "pixels", "acc", "miou"));
        for (int c = 0; c < classes; c++) h.add("iou_" + c);
        return h.toArray(String[]::new);
    }

    private static MaskFolderEvaluator.Listener listener(BadInputs bad, Progress progress, CSVPrinter perImage) {
        return new MaskFolderEvaluator.Listener() {
            @Override
            public void bad(Path file, String reason) {
                bad.report(file, reason);
            }

            @Override
            public void image(MaskPairs.Pair pair, ConfusionMatrix counts) {
                if (perImage == null) return;
                SegmentationMetrics m = SegmentationMetrics.of(counts);
                List<Object> row = new ArrayList<>(List.of(pair.name(), counts.total(), csvNumber(m.acc()), csvNumber(m.miou())));
                for (double v : m.iou()) row.add(csvNumber(v));
                try {
                    perImage.printRecord(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void done() {
                progress.step();
            }
        };
    }

    private static Object csvNumber(double v) {
        return Double.isNaN(v) ? "NaN" : v;
    }

    static void print(PrintWriter out, OutputFormat fmt, MaskFolderEvaluator.Result result, SmpReduction smp) {
        SegmentationMetrics m = result.metrics();
        switch (fmt) {
            case JSON -> out.println(Json.write(json(m, smp == null ? null : result.smp(smp))));
            case CSV -> perClass(result.total(), m).print(out, OutputFormat.CSV);
            case TABLE -> {
                out.print(block(m));
                if (smp != null) out.print(smpBlock(result.smp(smp)));
                out.println();
                perClass(result.total(), m).print(out, OutputFormat.TABLE);
            }
        }
        out.flush();
    }

    /** Seed 003's lines, as Python's {@code print('acc: ', acc)} writes them. */
    static String block(SegmentationMetrics m) {
        StringBuilder iou = new StringBuilder("[");
        for (int c = 0; c < m.iou().length; c++) {
            if (c > 0) iou.append(' ');
            double v = m.iou()[c];
            iou.append(Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.8f", v));
        }
        iou.append(']');
        return "acc:  " + py(m.acc()) + "\n"
                + "acc_cls:  " + py(m.accCls()) + "\n"
                + "iou:  " + iou + "\n"
                + "miou:  " + py(m.miou()) + "\n"
                + "fwavacc:  " + py(m.fwavacc()) + "\n"
                + "class_recall:  " + py(m.classRecall()) + "\n"
                + "f1_score:  " + py(m.f1Score()) + "\n";
    }

    static String smpBlock(SmpScores s) {
        return "smp_reduction:  " + s.reduction() + "\n"
                + "smp_iou_score:  " + py(s.iouScore()) + "\n"
                + "smp_f1_score:  " + py(s.f1Score()) + "\n"
                + "smp_precision:  " + py(s.precision()) + "\n"
                + "smp_recall:  " + py(s.recall()) + "\n"
                + "smp_accuracy:  " + py(s.accuracy()) + "\n";
    }

    private static String py(double v) {
        return Double.isNaN(v) ? "nan" : Double.toString(v);
    }

    static Map<String, Object> json(SegmentationMetrics m, SmpScores smp) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("acc", Json.number(m.acc()));
        j.put("acc_cls", Json.number(m.accCls()));
        List<Object> iou = new ArrayList<>();
        for (double v : m.iou()) iou.add(Json.number(v));
        j.put("iou", iou);
        j.put("miou", Json.number(m.miou()));
        j.put("fwavacc", Json.number(m.fwavacc()));
        j.put("class_recall", Json.number(m.classRecall()));
        j.put("f1_score", Json.number(m.f1Score()));
        if (smp != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("reduction", smp.reduction().label());
            s.put("iou_score", Json.number(smp.iouScore()));
            s.put("f1_score", Json.number(smp.f1Score()));
            s.put("precision", Json.number(smp.precision()));
            s.put("recall", Json.number(smp.recall()));
            s.put("accuracy", Json.number(smp.accuracy()));
            j.put("smp", s);
        }
        return j;
    }

    static Table perClass(ConfusionMatrix cm, SegmentationMetrics m) {
        Table t = new Table("class", "gt_pixels", "pred_pixels", "iou", "recall", "precision", "f1");
        for (int c = 0; c < cm.classes(); c++) {
            t.add(c, cm.rowSum(c), cm.colSum(c), m.iou()[c], m.recall()[c], m.precision()[c], m.f1()[c]);
        }
        return t;
    }
}
