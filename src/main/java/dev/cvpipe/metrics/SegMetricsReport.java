package dev.cvpipe.metrics;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Csv;
import dev.cvpipe.report.Json;
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
import org.apache.commons.csv.CSVPrinter;

/**
 * What {@code seg metrics} writes, whoever scored the pairs: the optional per-image CSV, the bad
 * pairs, seed 003's block, smp's scores and the per-class table (text, {@code --csv}, {@code --json}).
 */
public final class SegMetricsReport {
    private SegMetricsReport() {}

    /**
     * Scores {@code pairs} with {@code runner}, reporting each bad file to {@code bad} and writing
     * {@code perImage} (when not null) atomically, one row per scored pair in list order.
     */
    public static MaskFolderEvaluator.Result evaluate(List<MaskPairs.Pair> pairs, int classes, Path perImage, BadInputs bad,
                                                      MaskFolderEvaluator.Runner runner) throws IOException {
        try (Progress progress = Progress.fromFirstStep("seg metrics", pairs.size())) {
            if (perImage == null) return runner.evaluate(pairs, listener(bad, progress, null));
            Object[] holder = new Object[1];
            AtomicFile.write(perImage, out -> {
                var w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter csv = Csv.printer(w, perImageHeader(classes));
                holder[0] = runner.evaluate(pairs, listener(bad, progress, csv));
                csv.flush();
            });
            return (MaskFolderEvaluator.Result) holder[0];
        }
    }

    private static String[] perImageHeader(int classes) {
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

    public static void print(PrintWriter out, OutputFormat fmt, MaskFolderEvaluator.Result result, SmpReduction smp) {
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
