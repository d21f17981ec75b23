package dev.cvpipe.cli;

import dev.cvpipe.image.DecodeOptions;
import dev.cvpipe.image.ImageFiles;
import dev.cvpipe.image.RgbConversion;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.io.DeferredSync;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Csv;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Table;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "to-rgb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convert images of any mode to 8-bit RGB with Pillow's convert('RGB') semantics, never losing a file.",
                "Files already 8-bit RGB in the requested format are copied byte for byte (-o) or left alone (--in-place).",
                "Prints a count per action on stdout (with --dry-run: one row per file)."})
final class ToRgbCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SRC", arity = "1..*", description = "Image files, folders (recursive) or list files (.txt/.lst).")
    List<Path> sources;

    static final class Destination {
        @Option(names = {"-o", "--output"}, paramLabel = "OUTDIR", required = true,
                description = "Write outputs here, mirroring each file's path relative to its SRC folder.")
        Path outDir;

        @Option(names = "--in-place", required = true, description = "Replace files where they are (only after the new file decodes).")
        boolean inPlace;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination dest;

    @Option(names = "--format", paramLabel = "F", description = "keep | jpeg | png (default: ${DEFAULT-VALUE}). keep = the real content's format; GIF/WebP become PNG.")
    RgbConversion.Target target = RgbConversion.Target.KEEP;

    @Option(names = "--quality", paramLabel = "Q", description = "JPEG quality 1-100 (default: ${DEFAULT-VALUE}).")
    int quality = 95;

    @Option(names = "--fix-extension", description = "Rename files whose extension lies about their content (x.jpg holding PNG -> x.png).")
    boolean fixExtension;

    @Option(names = "--force", description = "Re-encode files that are already 8-bit RGB. In place, another file is never overwritten, even with --force.")
    boolean force;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel workers (default: number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--report", paramLabel = "CSV", description = "Write path, mode before, action, target, reason per file.")
    Path report;

    @Option(names = "--dry-run", description = "Only say what would be done.")
    boolean dryRun;

    @Mixin
    StrictOption strictOption;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse images claiming more pixels (default: ${DEFAULT-VALUE}, Pillow's limit).")
    long maxPixels = DecodeOptions.DEFAULT_MAX_PIXELS;

    @Option(names = "--alpha", paramLabel = "COLOUR", description = "Composite alpha over white | black | #rrggbb instead of dropping it (Pillow drops it).")
    String alpha;

    @Option(names = "--icc", description = "Convert CMYK/YCCK and non-sRGB images through their embedded ICC profile to sRGB.")
    boolean icc;

    @Option(names = "--exif-transpose", description = "Apply the EXIF orientation to the pixels.")
    boolean exifTranspose;

    @Option(names = "--depth", paramLabel = "MODE", description = "16-bit samples: pillow (saturate gray, keep high byte) | scale (0..65535 -> 0..255). Default: ${DEFAULT-VALUE}.")
    String depth = "pillow";

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        var fmt = format.format();
        if (quality < 1 || quality > 100) throw new CvpipeException("--quality must be 1..100", ExitCode.USAGE);
        if (!depth.equals("pillow") && !depth.equals("scale")) throw new CvpipeException("--depth must be pillow or scale", ExitCode.USAGE);
        int bg;
        try {
            bg = alpha == null ? -1 : DecodeOptions.parseBackground(alpha);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException("--alpha: " + e.getMessage(), ExitCode.USAGE);
        }
        DecodeOptions decode = new DecodeOptions(bg, icc, exifTranspose, depth.equals("scale"), maxPixels);
        Path out = dest.inPlace ? null : dest.outDir;
        if (out != null) {
            Path outAbs = out.toAbsolutePath().normalize();
            for (Path src : sources) {
                if (Files.isDirectory(src) && src.toAbsolutePath().normalize().equals(outAbs)) {
                    throw new CvpipeException("-o " + out + " is the source folder itself; use --in-place to replace files safely", ExitCode.USAGE);
                }
            }
        }

        dev.cvpipe.image.ImageDecoder.preloadJpegCodec();
        if (!dryRun) removeStaleTemps(out);
        BadInputs bad = strictOption.badInputs();
        List<ImageFiles.Input> inputs = ImageFiles.expand(sources, bad::report);
        if (out != null) {
            // an OUTDIR inside a SRC folder must not feed a re-run its own outputs
            Path outAbs = out.toAbsolutePath().normalize();
            inputs = inputs.stream().filter(in -> !in.file().toAbsolutePath().normalize().startsWith(outAbs)).toList();
        }
        if (Log.verbose()) Log.debug("to-rgb: JPEG codec: %s", dev.cvpipe.image.ImageDecoder.jpegCodec());
        List<RgbConversion.Result> results;
        // With -o no input is replaced: the outputs are made durable together when the run ends (one
        // syncfs instead of an fsync each, see DeferredSync). In place every rename keeps its fsync.
        try (DeferredSync durable = out != null && !dryRun ? DeferredSync.open() : null) {
            RgbConversion.Options o = new RgbConversion.Options(out, target, quality, fixExtension, force, dryRun, decode, durable);
            results = Workers.map(dedupeTargets(inputs, o), jobs, "to-rgb",
                    in -> in.clash != null ? new RgbConversion.Result(in.input.file(), null, null, "bad", in.clash)
                            : RgbConversion.convert(in.input, o),
                    r -> {
                        if (r.bad()) bad.report(r.source(), r.reason());
                    });
        }

        if (report != null && !dryRun) AtomicFile.writeString(report, reportCsv(results));
        Map<String, Integer> counts = new TreeMap<>();
        for (RgbConversion.Result r : results) counts.merge(r.action(), 1, Integer::sum);
        Table t;
        if (dryRun) {
            t = new Table("path", "mode", "action", "target", "reason");
            for (RgbConversion.Result r : results) t.add(r.source().toString(), r.modeBefore(), r.action(), r.target() == null ? null : r.target().toString(), r.reason());
        } else {
            t = new Table("action", "files");
            counts.forEach(t::add);
        }
        t.print(format.out(), fmt);
        Log.info("to-rgb: %d files, %d bad%s", results.size(), bad.count(), dryRun ? " (dry run: nothing written)" : "");
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }

    /** A planned input, or the reason it cannot be written (its output path collides with an earlier input's). */
    record Planned(ImageFiles.Input input, String clash) {}

    /** Two inputs must never write the same output (x.gif and x.png both -> x.png); the second is reported instead. */
    private List<Planned> dedupeTargets(List<ImageFiles.Input> inputs, RgbConversion.Options o) {
        Map<Path, Path> claimed = new HashMap<>();
        // each key opens its file for the magic bytes: on all cores, it holds the workers back otherwise
        Path[] keys = inputs.parallelStream().map(in -> RgbConversion.likelyTarget(in, o).toAbsolutePath().normalize())
                .toArray(Path[]::new);
        // Files that keep their own name claim it first, so x.png stays x.png and x.gif is the one refused.
        // In place, a file keeping its name writes nothing new: x.gif may still go to x.png when x.png
        // holds exactly what converting x.gif gives (a killed run got that far); RgbConversion checks that.
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < inputs.size(); i++) {
                ImageFiles.Input in = inputs.get(i);
                boolean keepsName = keys[i].getFileName().equals(in.file().getFileName());
                if (keepsName && o.inPlace()) continue;
                if (keepsName == (pass == 0)) claimed.putIfAbsent(keys[i], in.file());
            }
        }
        List<Planned> planned = new java.util.ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Path owner = claimed.get(keys[i]);
            boolean keepsName = keys[i].getFileName().equals(inputs.get(i).file().getFileName());
            boolean mine = owner == null || owner.equals(inputs.get(i).file()) || (keepsName && o.inPlace());
            planned.add(new Planned(inputs.get(i), mine ? null : "output " + keys[i].getFileName() + " would overwrite the output of " + owner));
        }
        return planned;
    }

    private void removeStaleTemps(Path out) throws Exception {
        int n = 0;
        if (out != null) n += AtomicFile.removeStaleTemps(out).size();
        for (Path s : sources) {
            if (Files.isDirectory(s)) n += AtomicFile.removeStaleTemps(s).size();
            else if (Files.isRegularFile(s)) n += AtomicFile.removeStaleTempsHere(s.toAbsolutePath().getParent()).size();
        }
        if (n > 0) Log.info("removed %d stale temp file(s) from an interrupted run", n);
    }

    private static String reportCsv(List<RgbConversion.Result> results) throws Exception {
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
