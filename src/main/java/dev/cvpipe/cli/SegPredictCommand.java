package dev.cvpipe.cli;

import dev.cvpipe.dataset.ImageInputs;
import dev.cvpipe.model.Precision;
import dev.cvpipe.predict.SegPrediction;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.train.ModelLibrary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Write a PNG mask per image (OUTDIR/<image name>.png) with one or more runs from 'cvpipe seg train'.",
                "Binary runs write 0/255, multi-class runs the class index (--palette: a palette PNG of indices).",
                "The original size is restored on probabilities: each run's (and each --tta view's) map is resized bilinearly",
                "to the image's size and averaged, then p >= 0.5 (binary) or argmax decides. Masks already in OUTDIR are skipped",
                "(a re-run resumes) unless --force."})
public final class SegPredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A run folder from 'cvpipe seg train' (repeat to average several).")
    List<Path> runs;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Every image file directly in DIR.")
    Path images;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUTDIR") Path out;
    @Option(names = "--tta", paramLabel = "TTA", defaultValue = "none", description = "none | flip (average with the left-right and top-bottom mirrors, as seed 003's test()).") String tta;
    @Option(names = "--checkpoint", paramLabel = "CHECKPOINT", defaultValue = "best", description = "best | last | swa | ema (default ${DEFAULT-VALUE}).") String checkpoint;
    @Option(names = "--palette", description = "Write palette PNGs: class indices (binary 0/1) with PASCAL VOC colours.") boolean palette;
    @Option(names = "--force", description = "Predict again images whose mask is already written.") boolean force;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "TensorFlow threads (0: all cores).") int threads;
    @Mixin
    PrecisionOption precision;
    @Mixin
    StrictOption strictOption;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        return run(o -> SegPrediction.local(o, ModelLibrary.factory()));
    }

    /** Runs the parsed command with the masks written by {@code runners}' runner (the Spark module passes its own). */
    public int run(Function<SegPrediction.Options, SegPrediction.Runner> runners) throws Exception {
        return run(UnaryOperator.identity(), runners);
    }

    /**
     * As {@link #run(Function)}, with each {@code --model} folder first mapped by {@code runFolders} to where this
     * JVM finds it (a Spark driver looks up an {@code --archives} alias among the files Spark unpacked).
     */
    public int run(UnaryOperator<Path> runFolders, Function<SegPrediction.Options, SegPrediction.Runner> runners) throws Exception {
        SegPrediction.Options o;
        Precision compute = precision.resolve();
        try {
            if (!tta.equals("none") && !tta.equals("flip")) throw new IllegalArgumentException("--tta must be none or flip, got '" + tta + "'");
            o = new SegPrediction.Options(runs, out, checkpoint, tta.equals("flip"), palette, force, threads, compute);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        o = o.withRuns(runs.stream().map(runFolders).toList());
        List<ImageInputs.Input> inputs = ImageInputs.fromFolder(images);
        if (inputs.isEmpty()) throw new CvpipeException("no images in " + images);
        BadInputs bad = strictOption.badInputs();
        SegPrediction.Summary s;
        try {
            s = SegPrediction.run(inputs, o, runners.apply(o), bad);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.FAILURE);
        }
        s.table(out).print(format.out(), format.format());
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }
}
