package dev.cvpipe.cli;

import dev.cvpipe.dataset.DatasetSplitter;
import dev.cvpipe.dataset.LinkMode;
import dev.cvpipe.dataset.SplitRequest;
import dev.cvpipe.dataset.SplitResult;
import dev.cvpipe.dataset.SplitShare;
import dev.cvpipe.dataset.Subset;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "split",
        description = {
            "Put labelled images into class folders and write stratified train/val/test lists.",
            "OUT/<class>/<file>, the lists in PaddleX format, labels.txt and split.json.",
            "Re-running with the same arguments finishes what is missing and otherwise changes nothing."},
        sortOptions = false, mixinStandardHelpOptions = true)
public final class SplitCommand implements Callable<Integer> {

    static final class Input {
        @ArgGroup(exclusive = false, multiplicity = "1")
        ListInput list;

        @Option(names = "--from-folders", paramLabel = "DIR", required = true,
                description = "A folder holding one sub-folder per class instead of a list.")
        Path folders;
    }

    static final class ListInput {
        @Option(names = "--list", paramLabel = "FILE", required = true,
                description = "Lines PATH<sep>CLASS (tab, spaces or comma; CRLF, BOM, blank lines and # comments are fine).")
        Path list;

        @Option(names = "--images", paramLabel = "DIR", required = true,
                description = "The folder the list's paths are in (a leading folder named like DIR itself is accepted).")
        Path images;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Class names, one per line (line i = class i); used as folder names. Default: 00..NN.")
    Path labels;

    @Option(names = "--num-classes", paramLabel = "N", description = "Class ids must be 0..N-1; others are bad inputs.")
    Integer numClasses;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "copy",
            description = "copy | move | hardlink | symlink (default: ${DEFAULT-VALUE}). move is journalled and resumable.")
    LinkMode mode;

    @Option(names = "--val", paramLabel = "X", defaultValue = "0.1",
            description = "Validation share per class: a fraction (0.1) or a count of images (5). Default: ${DEFAULT-VALUE}.")
    String val;

    @Option(names = "--test", paramLabel = "X", defaultValue = "0",
            description = "Test share per class, like --val. Default: ${DEFAULT-VALUE}.")
    String test;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + SplitRequest.DEFAULT_SEED,
            description = "Seed of the shuffle (default: ${DEFAULT-VALUE}); same input + seed = same lists, byte for byte.")
    long seed;

    @Option(names = "--clean", description = "Replace a split OUT holds from other arguments (moved images go back first).")
    boolean clean;

    @Mixin
    StrictOption strictOption;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        SplitShare v = share("--val", val);
        SplitShare t = share("--test", test);
        SplitRequest req;
        try {
            req = new SplitRequest(input.list == null ? null : input.list.list, input.list == null ? null : input.list.images,
                    input.folders, out, labels, numClasses, mode, seed, v, t, clean, Main.Version.version());
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        BadInputs bad = strictOption.badInputs();
        SplitResult r;
        try {
            r = DatasetSplitter.run(req, bad);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CvpipeException(e.getMessage());
        }
        table(r).print(format.out(), format.format());
        if (r.changedNothing()) {
            Log.info("split: nothing to do, %s already holds this split (%d images)", r.out(), r.total());
        } else {
            Log.info("split: %d images in %d classes -> %s (train %d, val %d, test %d; %d placed by %s, %d files written)",
                    r.total(), r.classes().size(), r.out(), r.plan().total(Subset.TRAIN), r.plan().total(Subset.VAL),
                    r.plan().total(Subset.TEST), r.placed(), mode.label(), r.filesWritten());
        }
        if (bad.any()) {
            Log.warn("split: %d bad input(s) left out (listed above)", bad.count());
            return ExitCode.BAD_INPUTS;
        }
        return ExitCode.OK;
    }

    private static SplitShare share(String option, String text) {
        try {
            return SplitShare.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(option + ": " + e.getMessage(), ExitCode.USAGE);
        }
    }

    static Table table(SplitResult r) {
        List<String> cols = new ArrayList<>(List.of("id", "class"));
        for (Subset s : Subset.values()) cols.add(s.label());
        cols.add("total");
        Table t = new Table(cols.toArray(String[]::new));
        for (int c = 0; c < r.classes().size(); c++) {
            List<Object> row = new ArrayList<>(List.of(c, r.classes().name(c)));
            int total = 0;
            for (Subset s : Subset.values()) {
                row.add(r.plan().count(c, s));
                total += r.plan().count(c, s);
            }
            row.add(total);
            t.add(row.toArray());
        }
        return t;
    }
}
