package dev.cvpipe.cli;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.metrics.ClassificationReport;
import dev.cvpipe.metrics.ConfusionMatrix;
import dev.cvpipe.metrics.ConfusionMatrixChart;
import dev.cvpipe.metrics.ImageLabels;
import dev.cvpipe.metrics.LabelComparison;
import dev.cvpipe.metrics.TopKAccuracy;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.ChartFiles;
import dev.cvpipe.report.Json;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.OutputFormat;
import dev.cvpipe.report.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {
            "Score a classifier's result.csv against the true classes.",
            "",
            "Images are matched by file name.",
            "--pred: 'name.jpg,class' lines (the competition format, no header).",
            "--truth: a PaddleX list ('dir/name.jpg class') or a CSV 'name,class'",
            "(a header row is skipped).",
            "Prints accuracy, macro precision/recall/F1, per-class precision/recall/F1",
            "and the confusion matrix (rows = truth, columns = prediction), with",
            "scikit-learn's classification_report conventions: the classes are those",
            "in truth or prediction, 0/0 counts as 0, macro = plain mean over classes.",
            "--csv prints the per-class table with a 'macro' row.",
            "A --pred file with several classes per line (predict --topk K, most likely first)",
            "is scored on its first class, and top-k accuracy is added, k = min(5, K).",
            "Images on one side only are bad inputs (exit 3); the rest is scored.",
        })
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--pred", required = true, paramLabel = "RESULT.csv", description = "Predictions: name,class per line.")
    Path pred;

    @Option(names = "--truth", required = true, paramLabel = "LIST|CSV", description = "True classes: PaddleX list or name,class CSV.")
    Path truth;

    @Option(names = "--chart", paramLabel = "FILE", description = "Confusion-matrix heat map: .svg, .png or .html.")
    Path chart;

    @Option(names = "--matrix-csv", paramLabel = "FILE", description = "Write the confusion matrix as CSV (rows = truth).")
    Path matrixCsv;

    @Mixin
    StrictOption strictOption;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws IOException {
        OutputFormat fmt = format.format();
        if (chart != null && !dev.cvpipe.report.ChartFiles.isChartFile(chart)) {
            throw new CvpipeException("--chart " + chart + ": the file must end in .svg, .png or .html", ExitCode.USAGE);
        }
        BadInputs bad = strictOption.badInputs();
        Map<String, String> truths = ImageLabels.read(truth, bad::report);
        Map<String, List<String>> ranked = ImageLabels.readRanked(pred, bad::report);
        Map<String, String> preds = new LinkedHashMap<>();
        ranked.forEach((name, classes) -> preds.put(name, classes.get(0)));
        LabelComparison cmp = LabelComparison.of(truths, preds);
        for (String name : cmp.missing()) bad.report(name, "in " + truth + " but not in " + pred);
        for (String name : cmp.extra()) bad.report(name, "in " + pred + " but not in " + truth);
        ClassificationReport r = cmp.report();
        if (r.samples() == 0) throw new CvpipeException("no image is in both " + pred + " and " + truth);

        print(format.out(), fmt, r, TopKAccuracy.of(truths, ranked));
        if (matrixCsv != null) AtomicFile.writeString(matrixCsv, matrixTable(r).toCsv());
        if (chart != null) {
            int size = ConfusionMatrixChart.size(r.labels().size());
            ChartFiles.save(ConfusionMatrixChart.create(r, "Confusion matrix (" + r.samples() + " images)"), chart, size, size);
        }
        Log.info("eval: %d images scored, %d bad inputs", r.samples(), bad.count());
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }

    /** @param topK top-k accuracy of a ranked --pred file, or null */
    static void print(PrintWriter out, OutputFormat fmt, ClassificationReport r, TopKAccuracy topK) {
        switch (fmt) {
            case JSON -> {
                Map<String, Object> j = json(r);
                if (topK != null) {
                    Map<String, Object> withTopK = new LinkedHashMap<>();
                    j.forEach((key, v) -> {
                        withTopK.put(key, v);
                        if (key.equals("accuracy")) withTopK.put(topK.name(), topK.value());
                    });
                    j = withTopK;
                }
                out.println(Json.write(j));
            }
            case CSV -> perClass(r, true).print(out, OutputFormat.CSV);
            case TABLE -> {
                Table summary = new Table("metric", "value");
                summary.add("images", r.samples());
                summary.add("accuracy", r.accuracy());
                if (topK != null) summary.add(topK.name(), topK.value());
                summary.add("macro_precision", r.macroPrecision());
                summary.add("macro_recall", r.macroRecall());
                summary.add("macro_f1", r.macroF1());
                summary.print(out, OutputFormat.TABLE);
                out.println();
                perClass(r, false).print(out, OutputFormat.TABLE);
                out.println();
                out.println("confusion matrix (rows = truth, columns = prediction)");
                matrixTable(r).print(out, OutputFormat.TABLE);
            }
        }
        out.flush();
    }

    static Table perClass(ClassificationReport r, boolean withMacro) {
        Table t = new Table("class", "support", "predicted", "precision", "recall", "f1");
        for (int k = 0; k < r.labels().size(); k++) {
            t.add(r.labels().get(k), r.support(k), r.predicted(k), r.precision(k), r.recall(k), r.f1(k));
        }
        if (withMacro) t.add("macro", r.samples(), r.samples(), r.macroPrecision(), r.macroRecall(), r.macroF1());
        return t;
    }

    static Table matrixTable(ClassificationReport r) {
        List<String> cols = new ArrayList<>();
        cols.add("truth\\pred");
        cols.addAll(r.labels());
        Table t = new Table(cols.toArray(String[]::new));
        ConfusionMatrix m = r.matrix();
        for (int i = 0; i < r.labels().size(); i++) {
            Object[] row = new Object[cols.size()];
            row[0] = r.labels().get(i);
            for (int j = 0; j < r.labels().size(); j++) row[j + 1] = m.count(i, j);
            t.add(row);
        }
        return t;
    }

    static Map<String, Object> json(ClassificationReport r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("images", r.samples());
        j.put("accuracy", r.accuracy());
        j.put("macro_precision", r.macroPrecision());
        j.put("macro_recall", r.macroRecall());
        j.put("macro_f1", r.macroF1());
        j.put("weighted_f1", r.weightedF1());
        j.put("classes", r.labels());
        List<Map<String, Object>> per = new ArrayList<>();
        for (int k = 0; k < r.labels().size(); k++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", r.labels().get(k));
            c.put("support", r.support(k));
            c.put("predicted", r.predicted(k));
            c.put("precision", r.precision(k));
            c.put("recall", r.recall(k));
            c.put("f1", r.f1(k));
            per.add(c);
        }
        j.put("per_class", per);
        j.put("confusion_matrix", r.matrix().toArray());
        return j;
    }
}
