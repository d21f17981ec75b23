package dev.cvpipe.cli;

import dev.cvpipe.dataset.ClassCountChart;
import dev.cvpipe.dataset.ClassCounts;
import dev.cvpipe.dataset.DatasetView;
import dev.cvpipe.dataset.ImageSummary;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.ChartFiles;
import dev.cvpipe.report.Json;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.OutputFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stats",
        description = {
            "Count images per class and summarise their modes, formats and sizes.",
            "Each class's share, the imbalance ratio (max/min) and the total, for a split made by 'split',",
            "a folder of class folders, or a list file; then the images' modes, formats and sizes from",
            "their headers (the same reader as 'inspect')."},
        sortOptions = false, mixinStandardHelpOptions = true)
public final class StatsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATASET", description = "A split folder, a folder of class folders, or a list file.")
    Path dataset;

    @Option(names = "--images", paramLabel = "DIR",
            description = "For a list: the folder its paths are in (default: the list's own folder).")
    Path images;

    @Option(names = "--chart", paramLabel = "FILE",
            description = "Also draw a bar chart of the class counts: FILE.svg, FILE.png or FILE.html.")
    Path chart;

    @Option(names = "--no-images", description = "Skip the image size and mode summary (counts only; reads no image file).")
    boolean noImages;

    @Option(names = "--deep", description = "Decode every image fully in the summary, to find truncated or corrupt files.")
    boolean deep;

    @Mixin
    StrictOption strictOption;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        OutputFormat fmt = format.format();
        if (chart != null) checkChartName(chart);
        BadInputs bad = strictOption.badInputs();
        DatasetView view;
        try {
            view = DatasetView.open(dataset, images, bad);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage());
        }
        ClassCounts counts = ClassCounts.of(view);
        ImageSummary summary = noImages ? null
                : ImageSummary.of(view.items().stream().map(DatasetView.Item::file).toList(), deep, bad);
        print(format.out(), fmt, view, counts, summary);
        if (chart != null) {
            String name = dataset.toAbsolutePath().normalize().getFileName() == null ? dataset.toString()
                    : dataset.toAbsolutePath().normalize().getFileName().toString();
            ChartFiles.save(ClassCountChart.create(counts, name), chart, ClassCountChart.width(counts.perClass().length), 520);
            Log.info("stats: chart written to %s", chart);
        }
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }

    private static void checkChartName(Path chart) {
        if (!ChartFiles.isChartFile(chart)) {
            throw new CvpipeException("--chart: " + chart + " must end in .svg, .png or .html", ExitCode.USAGE);
        }
    }

    private void print(PrintWriter out, OutputFormat fmt, DatasetView view, ClassCounts counts, ImageSummary summary) {
        switch (fmt) {
            case CSV -> counts.table().print(out, fmt);
            case JSON -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("dataset", dataset.toString());
                m.put("images_root", view.root().toString());
                m.put("kind", view.kind());
                m.putAll(counts.summary());
                m.put("per_class", counts.table(false).toMaps());
                if (summary != null) m.put("images", summary.toMap());
                out.println(Json.write(m));
            }
            case TABLE -> {
                counts.table().print(out, fmt);
                out.println();
                double r = counts.imbalanceRatio();
                String ratio = Double.isInfinite(r) ? "infinite (class " + counts.classes().name(counts.smallest()) + " is empty)"
                        : Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f (class %s: %d / class %s: %d)", r,
                        counts.classes().name(counts.largest()), counts.perClass()[counts.largest()],
                        counts.classes().name(counts.smallest()), counts.perClass()[counts.smallest()]);
                out.println("imbalance ratio (max/min): " + ratio);
                if (summary != null) summary.lines().forEach(out::println);
            }
        }
        out.flush();
    }
}
