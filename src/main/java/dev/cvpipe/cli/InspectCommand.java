package dev.cvpipe.cli;

import dev.cvpipe.image.DecodeOptions;
import dev.cvpipe.image.InspectBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report each image's real format, mode, size and problems, one row per image.",
                "Columns: real format (magic bytes), extension mismatch, mode, size, bits per sample, ICC profile,",
                "EXIF orientation and status. Header-only unless --deep; a summary by mode on stderr."})
public final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Image files, folders (recursive) or list files (.txt/.lst).")
    List<Path> paths;

    @Option(names = "--deep", description = "Decode every image fully to find truncated or corrupt data.")
    boolean deep;

    @Option(names = "--max-pixels", paramLabel = "N", description = "Refuse images claiming more pixels (default: ${DEFAULT-VALUE}, Pillow's limit).")
    long maxPixels = DecodeOptions.DEFAULT_MAX_PIXELS;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel workers (default: number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Mixin
    StrictOption strictOption;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        return run((inputs, settings, onResult) ->
                Workers.map(inputs, jobs, "inspect", in -> settings.inspect(in.file()), onResult));
    }

    /** Runs the parsed command with its per-file work spread by {@code runner} (the Spark module passes its own). */
    public int run(InspectBatch.Runner runner) throws Exception {
        var fmt = format.format();
        boolean clean = InspectBatch.run(paths, new InspectBatch.Settings(deep, maxPixels), strictOption.badInputs(), runner, format.out(), fmt);
        return clean ? ExitCode.OK : ExitCode.BAD_INPUTS;
    }
}
