package dev.cvpipe.image;

import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.OutputFormat;
import dev.cvpipe.report.Table;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The inspect command as library steps, the same whoever spreads the per-file work: list the
 * inputs, inspect each one (a {@link Runner}: threads in the CLI, executors in the Spark module),
 * report the bad ones, print one row per image in input order and log the summary by mode.
 */
public final class InspectBatch {
    /** What each file is inspected with; serialisable so a cluster can ship it to its workers. */
    public record Settings(boolean deep, long maxPixels) implements Serializable {
        private static final long serialVersionUID = 1L;

        public ImageInfo inspect(Path file) {
            return ImageInspector.inspect(file, deep, maxPixels);
        }
    }

    /** Inspects every input, returning the results in input order; {@code onResult} sees each one as it arrives. */
    @FunctionalInterface
    public interface Runner {
        List<ImageInfo> run(List<ImageFiles.Input> inputs, Settings settings, Consumer<ImageInfo> onResult) throws Exception;
    }

    private InspectBatch() {}

    /** Runs inspect over {@code paths}; returns false when some input was bad (reported to {@code bad}). */
    public static boolean run(List<Path> paths, Settings settings, BadInputs bad, Runner runner, PrintWriter out, OutputFormat fmt)
            throws Exception {
        List<ImageFiles.Input> inputs = ImageFiles.expand(paths, bad::report);
        List<ImageInfo> infos = runner.run(inputs, settings, info -> {
            if (!info.ok()) bad.report(info.path(), info.status());
        });
        Table t = new Table("path", "format", "ext_mismatch", "mode", "width", "height", "bits", "icc", "orientation", "status");
        Map<String, Integer> byMode = new TreeMap<>();
        for (ImageInfo i : infos) {
            t.add(i.path().toString(), i.format(), i.extensionMismatch() ? "yes" : "no", i.mode(),
                    i.width(), i.height(), i.bitsPerSample(), i.iccProfile() == null ? "none" : i.iccProfile(),
                    i.exifOrientation(), i.status());
            byMode.merge(i.ok() ? i.mode() : "bad", 1, Integer::sum);
        }
        t.print(out, fmt);
        StringBuilder sb = new StringBuilder();
        byMode.forEach((m, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(m).append(' ').append(n));
        Log.info("%d files by mode: %s", infos.size(), sb);
        return !bad.any();
    }
}
