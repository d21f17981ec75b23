package dev.cvpipe.cli;

import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import dev.cvpipe.train.Augment;
import dev.cvpipe.train.Checkpoints;
import dev.cvpipe.model.Precision;
import dev.cvpipe.train.DeviceCheck;
import dev.cvpipe.train.LrSchedule;
import dev.cvpipe.train.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options 'train' and 'seg train' share: optimiser, schedule, augmentation, run control. */
final class TrainingOptions {
    @Option(names = "--input", defaultValue = "224", paramLabel = "SIZE|HxW", description = "Network input size (default ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.") int epochs;
    @Option(names = "--batch", defaultValue = "16", description = "Default: ${DEFAULT-VALUE}.") int batch;
    @Option(names = "--optimizer", defaultValue = "adamw", description = "adamw | adam | sgd (default ${DEFAULT-VALUE}).") String optimizer;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Default: ${DEFAULT-VALUE}.") double lr;
    @Option(names = "--weight-decay", defaultValue = "1e-3", description = "Decoupled for adamw, L2 on the gradient for adam/sgd; kernels only.") double weightDecay;
    @Option(names = "--momentum", defaultValue = "0.9", description = "sgd only.") double momentum;
    @Option(names = "--nesterov", description = "sgd only.") boolean nesterov;
    @Option(names = "--schedule", defaultValue = "cosine-restarts", description = "cosine-restarts | cosine | step | constant.") String schedule;
    @Option(names = "--t0", defaultValue = "2", description = "cosine-restarts: first period in epochs.") int t0;
    @Option(names = "--t-mult", defaultValue = "2", description = "cosine-restarts: period growth.") int tMult;
    @Option(names = "--eta-min", defaultValue = "1e-5", description = "cosine schedules: lowest lr.") double etaMin;
    @Option(names = "--step-size", defaultValue = "0", description = "step: epochs per decay (default epochs/3).") int stepSize;
    @Option(names = "--gamma", defaultValue = "0.1", description = "step: decay factor.") double gamma;
    @Option(names = "--warmup", defaultValue = "0", paramLabel = "EPOCHS", description = "Linear warm-up over this many epochs (fractions allowed).") double warmup;
    @Option(names = "--label-smoothing", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.") double labelSmoothing;
    @Option(names = "--augment", defaultValue = Augment.DEFAULT, description = "Comma list of flip,vflip,rot90,hsv,shift-scale-rotate, or none (default: all, seed 003's ranges).") String augment;
    @Option(names = "--normalize", defaultValue = "imagenet", description = "imagenet (mean/std) | x3.2 (x/255*3.2-1.6, seed 003).") String normalize;
    @Option(names = "--early-stop", defaultValue = "0", paramLabel = "N", description = "Stop after N epochs without improvement (0: never).") int earlyStop;
    @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.") long seed;
    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0: all cores; 1: deterministic).") int threads;
    @Option(names = "--workers", defaultValue = "0", description = "Image decoding threads (0: 2, or 1 with --threads 1).") int workers;
    @Option(names = "--prefetch", defaultValue = "4", description = "Batches prepared ahead; memory is batch x prefetch images.") int prefetch;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu | gpu (gpu needs the -Pgpu build and CUDA).") String device;
    @Mixin PrecisionOption precisionOption;
    @Option(names = "--resume", description = "Continue the run in RUN_DIR from its last checkpoint.") boolean resume;
    @Mixin StrictOption strictOption;
    @Option(names = "--overwrite", description = "Start afresh in a RUN_DIR that already holds a run (its checkpoints are deleted); for pipelines.") boolean overwrite;

    Optimizer optimizer() {
        return new Optimizer(Optimizer.Kind.parse(optimizer), weightDecay, momentum, nesterov, 0.9, 0.999, 1e-8);
    }

    LrSchedule schedule() {
        return new LrSchedule(LrSchedule.Kind.parse(schedule), lr, epochs, t0, tMult, etaMin,
                stepSize > 0 ? stepSize : Math.max(1, epochs / 3), gamma, warmup);
    }

    int[] size() {
        return TrainCommand.parseSize(input);
    }

    int workerThreads() {
        return workers > 0 ? workers : threads == 1 ? 1 : 2;
    }

    /** --precision checked against --device and this CPU (a CvpipeException when it cannot run). */
    Precision precision() {
        return precisionOption.resolve(device);
    }

    Augment augmentation() {
        return Augment.parse(augment);
    }

    /**
     * What runs before training starts: exit 1 when --device asks for something this build cannot
     * do; with --overwrite, forget the run already in {@code runDir}.
     */
    void prepare(Path runDir) throws IOException {
        try {
            DeviceCheck.require(device);
        } catch (IllegalStateException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.FAILURE);
        }
        if (overwrite && resume) throw new CvpipeException("--overwrite and --resume exclude each other", ExitCode.USAGE);
        if (overwrite) new Checkpoints(runDir).discard();
    }

    /** Exit 3 (with a summary line) when images were skipped, else 0. */
    static int exitCode(BadInputs bad, String command) {
        if (!bad.any()) return ExitCode.OK;
        Log.warn("%s: %d bad image(s) skipped (listed above)", command, bad.count());
        return ExitCode.BAD_INPUTS;
    }
}
