package dev.cvpipe.image;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Csv;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.OutputFormat;
import dev.cvpipe.report.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVPrinter;

/**
 * The to-rgb command as library steps, the same whoever converts the files: the whole-set checks
 * and the plan on one machine (stale temps of killed runs removed, inputs listed, an OUTDIR inside
 * a SRC folder left out, two inputs never writing one output), each file converted by a
 * {@link Runner} (threads in the CLI, executors in the Spark module), then the report CSV, the
 * table and the log line from the results in input order.
 */
public final class RgbBatch {
    /** A planned input, or the reason it cannot be written (its output path collides with an earlier input's). */
    public record Planned(ImageFiles.Input input, String clash) {}

    /** Converts every planned input with {@link #convert}, results in input order; {@code onResult} sees each as it arrives. */
    @FunctionalInterface
    public interface Runner {
        List<RgbConversion.Result> run(List<Planned> planned, RgbConversion.Options o, Consumer<RgbConversion.Result> onResult)
                throws Exception;
    }

    private RgbBatch() {}

    /** Refuses an OUTDIR that is a SRC folder itself: converting over the sources is what --in-place does safely. */
    public static void checkOutput(List<Path> sources, Path out) {
        if (out == null) return;
        Path outAbs = out.toAbsolutePath().normalize();
        for (Path src : sources) {
            if (Files.isDirectory(src) && src.toAbsolutePath().normalize().equals(outAbs)) {
                throw new IllegalArgumentException("-o " + out + " is the source folder itself; use --in-place to replace files safely");
            }
        }
    }

    /** Runs to-rgb over {@code sources}; returns false when some input was bad (reported to {@code bad}). */
    public static boolean run(List<Path> sources, RgbConversion.Options o, Path report, BadInputs bad, Runner runner,
                              PrintWriter out, OutputFormat fmt) throws Exception {
        checkOutput(sources, o.outDir());
        ImageDecoder.preloadJpegCodec();
        if (!o.dryRun()) removeStaleTemps(sources, o.outDir());
        List<ImageFiles.Input> inputs = ImageFiles.expand(sources, bad::report);
        if (o.outDir() != null) {
            // an OUTDIR inside a SRC folder must not feed a re-run its own outputs
            Path outAbs = o.outDir().toAbsolutePath().normalize();
            inputs = inputs.stream().filter(in -> !in.file().toAbsolutePath().normalize().startsWith(outAbs)).toList();
        }
        if (Log.verbose()) Log.debug("to-rgb: JPEG codec: %s", ImageDecoder.jpegCodec());
        List<RgbConversion.Result> results = runner.run(plan(inputs, o), o, r -> {
            if (r.bad()) bad.report(r.source(), r.reason());
        });

        if (report != null && !o.dryRun()) AtomicFile.writeString(report, reportCsv(results));
        Table t;
        if (o.dryRun()) {
            t = new Table("path", "mode", "action", "target", "reason");
            for (RgbConversion.Result r : results) {
                t.add(r.source().toString(), r.modeBefore(), r.action(), r.target() == null ? null : r.target().toString(), r.reason());
            }
        } else {
            Map<String, Integer> counts = new TreeMap<>();
            for (RgbConversion.Result r : results) counts.merge(r.action(), 1, Integer::sum);
            t = new Table("action", "files");
            counts.forEach(t::add);
        }
        t.print(out, fmt);
        Log.info("to-rgb: %d files, %d bad%s", results.size(), bad.count(), o.dryRun() ? " (dry run: nothing written)" : "");
        return !bad.any();
    }

    /** One planned file: a clash is reported as bad without touching anything, the rest is {@link RgbConversion#convert}. */
    public static RgbConversion.Result convert(Planned p, RgbConversion.Options o) {
        return p.clash() != null ? new RgbConversion.Result(p.input().file(), null, null, "bad", p.clash())
                : RgbConversion.convert(p.input(), o);
    }

    /** Two inputs must never write the same output (x.gif and x.png both -> x.png); the second is reported instead. */
    public static List<Planned> plan(List<ImageFiles.Input> inputs, RgbConversion.Options o) {
        Map<Path, Path> claimed = new HashMap<>();
        Path[] keys = new Path[inputs.size()];
        // Files that keep their own name claim it first, so x.png stays x.png and x.gif is the one refused.
        // In place, a file keeping its name writes nothing new: x.gif may still go to x.png when x.png
        // holds exactly what converting x.gif gives (a killed run got that far); RgbConversion checks that.
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < inputs.size(); i++) {
                ImageFiles.Input in = inputs.get(i);
                if (pass == 0) keys[i] = RgbConversion.likelyTarget(in, o).toAbsolutePath().normalize();
                boolean keepsName = keys[i].getFileName().equals(in.file().getFileName());
                if (keepsName && o.inPlace()) continue;
                if (keepsName == (pass == 0)) claimed.putIfAbsent(keys[i], in.file());
            }
        }
        List<Planned> planned = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Path owner = claimed.get(keys[i]);
            boolean keepsName = keys[i].getFileName().equals(inputs.get(i).file().getFileName());
            boolean mine = owner == null || owner.equals(inputs.get(i).file()) || (keepsName && o.inPlace());
            planned.add(new Planned(inputs.get(i), mine ? null : "output " + keys[i].getFileName() + " would overwrite the output of " + owner));
        }
        return planned;
    }

    private static void removeStaleTemps(List<Path> sources, Path out) {
        int n = 0;
        if (out != null) n += AtomicFile.removeStaleTemps(out).size();
        for (Path s : sources) {
            if (Files.isDirectory(s)) n += AtomicFile.removeStaleTemps(s).size();
            else if (Files.isRegularFile(s)) n += AtomicFile.removeStaleTempsHere(s.toAbsolutePath().getParent()).size();
        }
        if (n > 0) Log.info("removed %d stale temp file(s) from an interrupted run", n);
    }

    private static String reportCsv(List<RgbConversion.Result> results) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = Csv.printer(w, "path", "mode_before", "action", "target", "reason")) {
            for (RgbConversion.Result r : results) {
                p.printRecord(r.source(), r.modeBefore() == null ? "" : r.modeBefore(), r.action(),
                        r.target() == null ? "" : r.target(), r.reason() == null ? "" : r.reason());
            }
        }
        return w.toString();
    }
}
