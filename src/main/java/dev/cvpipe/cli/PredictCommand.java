package dev.cvpipe.cli;

import dev.cvpipe.dataset.ImageInputs;
import dev.cvpipe.model.Precision;
import dev.cvpipe.predict.BatchPrediction;
import dev.cvpipe.predict.PredictOptions;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.train.ModelLibrary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Classify images with one or more trained runs and write the competition's result.csv.",
                "NAME,CLASS per line, no header, LF, sorted by name. Several --model runs (and --tta views) average probabilities.",
                "CLASS goes through labels.txt: the class name when all names are integers (00..11 -> 0..11), else its line number."})
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A run folder from 'cvpipe train' (repeat for an ensemble).")
    List<Path> runs;

    static final class Source {
        @Option(names = "--images", paramLabel = "DIR", description = "Every image file directly in DIR.") Path images;
        @Option(names = "--list", paramLabel = "FILE", description = "Image paths, one per line (first field; a PaddleX list such as split's val_list.txt works), relative to the list's folder.") Path list;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "result.csv") Path out;
    @Option(names = "--probs", paramLabel = "probs.csv", description = "Also write every class probability (with a header).") Path probs;
    @Option(names = "--topk", paramLabel = "N", defaultValue = "1", description = "Write the K most likely classes per line, most likely first.") int topk;
    @Option(names = "--checkpoint", paramLabel = "CHECKPOINT", defaultValue = "best", description = "Which weights of each run: best | last | swa | ema (default ${DEFAULT-VALUE}).") String checkpoint;
    @Option(names = "--tta", paramLabel = "TTA", defaultValue = "none", description = "none | flip | flip4 (test-time augmentation, averaged).") String tta;
    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.") int batch;
    @Option(names = "--fill-class", paramLabel = "C", description = "Write class C for an image that cannot be decoded (still reported, exit 3).") String fillClass;
    @Option(names = "--class-names", description = "Write labels.txt's class names instead of ids.") boolean classNames;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "TensorFlow threads (0: all cores).") int threads;
    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Image decoding threads.") int workers;
    @Mixin
    PrecisionOption precision;
    @Mixin
    StrictOption strictOption;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        return run(o -> BatchPrediction.local(o, ModelLibrary.factory()));
    }

    /** Runs the parsed command with the images predicted by {@code runners}' runner (the Spark module passes its own). */
    public int run(Function<PredictOptions, BatchPrediction.Runner> runners) throws Exception {
        return run(UnaryOperator.identity(), runners);
    }

    /**
     * As {@link #run(Function)}, with each {@code --model} folder first mapped by {@code runFolders} to where this
     * JVM finds it (a Spark driver looks up an {@code --archives} alias among the files Spark unpacked).
     */
    public int run(UnaryOperator<Path> runFolders, Function<PredictOptions, BatchPrediction.Runner> runners) throws Exception {
        PredictOptions o;
        Precision compute = precision.resolve();
        try {
            o = new PredictOptions(runs, out, probs, topk, tta, batch, fillClass, classNames, threads, Math.max(1, workers), checkpoint, compute);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        o = o.withRuns(runs.stream().map(runFolders).toList());
        BadInputs bad = strictOption.badInputs();
        List<ImageInputs.Input> inputs = source.images != null
                ? ImageInputs.fromFolder(source.images)
                : ImageInputs.fromList(source.list, source.list.toAbsolutePath().getParent(), bad);
        if (inputs.isEmpty()) throw new CvpipeException("no images to predict");
        refuseOutputOverInput(inputs, "-o", out);
        refuseOutputOverInput(inputs, "--probs", probs);
        int refusedLines = bad.count(); // list lines that left the list's folder: bad inputs too
        BatchPrediction.Summary s;
        try {
            s = BatchPrediction.run(inputs, o, runners.apply(o), bad);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        s.withMoreBad(refusedLines).table(out).print(format.out(), format.format());
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }

    /** result.csv or probs.csv written over one of the images being predicted would destroy it. */
    private static void refuseOutputOverInput(List<ImageInputs.Input> inputs, String option, Path file) {
        if (file == null) return;
        Path target = file.toAbsolutePath().normalize();
        for (ImageInputs.Input in : inputs) {
            if (in.path().toAbsolutePath().normalize().equals(target)) {
                throw new CvpipeException(option + " " + file + " is one of the input images; write it elsewhere", ExitCode.USAGE);
            }
        }
    }
}
