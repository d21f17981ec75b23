package dev.cvpipe.cli;

import dev.cvpipe.image.DecodeOptions;
import dev.cvpipe.image.ImageFiles;
import dev.cvpipe.image.ImageInfo;
import dev.cvpipe.image.ImageInspector;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Report each image's real format, mode, size and problems, one row per image.",
                "Columns: real format (magic bytes), extension mismatch, mode, size, bits per sample, ICC profile,",
                "EXIF orientation and status. Header-only unless --deep; a summary by mode on stderr."})
final class InspectCommand implements Callable<Integer> {
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
        var fmt = format.format();
        BadInputs bad = strictOption.badInputs();
        List<ImageFiles.Input> inputs = ImageFiles.expand(paths, bad::report);
        List<ImageInfo> infos = Workers.map(inputs, jobs, "inspect", in -> ImageInspector.inspect(in.file(), deep, maxPixels),
                info -> {
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
        t.print(format.out(), fmt);
        StringBuilder sb = new StringBuilder();
        byMode.forEach((m, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(m).append(' ').append(n));
        Log.info("%d files by mode: %s", infos.size(), sb);
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }
}
