package dev.cvpipe.cli;

import dev.cvpipe.image.DecodeOptions;
import dev.cvpipe.image.RgbBatch;
import dev.cvpipe.image.RgbConversion;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "to-rgb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convert images of any mode to 8-bit RGB with Pillow's convert('RGB') semantics, never losing a file.",
                "Files already 8-bit RGB in the requested format are copied byte for byte (-o) or left alone (--in-place).",
                "Prints a count per action on stdout (with --dry-run: one row per file)."})
public final class ToRgbCommand implements Callable<Integer> {
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
        return run((planned, o, onResult) -> Workers.map(planned, jobs, "to-rgb", p -> RgbBatch.convert(p, o), onResult));
    }

    /** Runs the parsed command with the conversions done by {@code runner} (the Spark module passes its own). */
    public int run(RgbBatch.Runner runner) throws Exception {
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
        try {
            RgbBatch.checkOutput(sources, out);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        RgbConversion.Options o = new RgbConversion.Options(out, target, quality, fixExtension, force, dryRun, decode);
        boolean clean = RgbBatch.run(sources, o, report, strictOption.badInputs(), runner, format.out(), fmt);
        return clean ? ExitCode.OK : ExitCode.BAD_INPUTS;
    }
}
