package dev.cvpipe.cli;

import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import dev.cvpipe.train.Augment;
import dev.cvpipe.train.Checkpoints;
import dev.cvpipe.model.Precision;
import dev.cvpipe.train.DeviceCheck;
import dev.cvpipe.train.FineTune;
import dev.cvpipe.train.LrSchedule;
import dev.cvpipe.train.ModelLibrary;
import dev.cvpipe.train.Normalization;
import dev.cvpipe.train.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options 'train' and 'seg train' share: optimiser, schedule, augmentation, run control. */
final class TrainingOptions {
    @Option(names = "--input", defaultValue = "224", paramLabel = "SIZE|HxW", description = "Network input size (default ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.") int epochs;
    @Option(names = "--batch", paramLabel = "N", defaultValue = "16", description = "Default: ${DEFAULT-VALUE}.") int batch;
    @Option(names = "--optimizer", paramLabel = "OPTIMIZER", defaultValue = "adamw", description = "adamw | adam | sgd (default ${DEFAULT-VALUE}).") String optimizer;
    @Option(names = "--lr", paramLabel = "X", defaultValue = "1e-3", description = "Default: ${DEFAULT-VALUE}.") double lr;
    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "1e-3", description = "Decoupled for adamw, L2 on the gradient for adam/sgd; kernels only.") double weightDecay;
    @Option(names = "--momentum", paramLabel = "X", defaultValue = "0.9", description = "sgd only.") double momentum;
    @Option(names = "--nesterov", description = "sgd only.") boolean nesterov;
    @Option(names = "--schedule", paramLabel = "SCHEDULE", defaultValue = "cosine-restarts", description = "cosine-restarts | cosine | step | constant.") String schedule;
    @Option(names = "--t0", paramLabel = "N", defaultValue = "2", description = "cosine-restarts: first period in epochs.") int t0;
    @Option(names = "--t-mult", paramLabel = "N", defaultValue = "2", description = "cosine-restarts: period growth.") int tMult;
    @Option(names = "--eta-min", paramLabel = "X", defaultValue = "1e-5", description = "cosine schedules: lowest lr.") double etaMin;
    @Option(names = "--step-size", paramLabel = "N", defaultValue = "0", description = "step: epochs per decay (default epochs/3).") int stepSize;
    @Option(names = "--gamma", paramLabel = "X", defaultValue = "0.1", description = "step: decay factor.") double gamma;
    @Option(names = "--warmup", defaultValue = "0", paramLabel = "EPOCHS", description = "Linear warm-up over this many epochs (fractions allowed).") double warmup;
    @Option(names = "--label-smoothing", paramLabel = "X", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.") double labelSmoothing;
    @Option(names = "--augment", paramLabel = "STEPS", description = {
            "Training augmentation: comma list of steps, each NAME or NAME(key=value,...), applied in order; LO:HI is a range.",
            "Steps with their defaults: " + Augment.SYNTAX + ".",
            "Default: train rrc,hflip (random-resized crop + flip, torchvision's recipe); seg train hsv,ssr,hflip,vflip,rot90 (seed 003).",
            "Example: --augment 'rrc(scale=0.25:1),hflip,hsv(h=10,s=20,v=20),erase'."})
    String augment;
    @Option(names = "--normalize", paramLabel = "PRESET", description = "imagenet (ImageNet mean/std) | inception (x/127.5-1) | unit (x/255, darknet) | x3.2 (x/255*3.2-1.6, seed 003); "
            + "match the pretrained weights (default: inception for inception-v3 with --pretrained, else imagenet).") String normalize;
    @Option(names = "--freeze-backbone", defaultValue = "0", paramLabel = "EPOCHS", description = "Train only the head (classifier fc, or seg decoder + head) for the first EPOCHS epochs, "
            + "the backbone's BN statistics fixed; then everything (default: 0).") int freezeBackbone;
    @Option(names = "--backbone-lr-mult", defaultValue = "1", paramLabel = "X", description = "Backbone learning rate = lr x X; the head trains at lr (default: 1).") double backboneLrMult;
    @Option(names = "--early-stop", defaultValue = "0", paramLabel = "N", description = "Stop after N epochs without improvement (0: never).") int earlyStop;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.") long seed;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "TensorFlow threads (0: all cores; 1: deterministic).") int threads;
    @Option(names = "--workers", paramLabel = "N", defaultValue = "0", description = "Image decoding threads (0: 2, or 1 with --threads 1).") int workers;
    @Option(names = "--prefetch", paramLabel = "N", defaultValue = "4", description = "Batches prepared ahead; memory is batch x prefetch images.") int prefetch;
    @Mixin PrecisionOption precisionOption;
    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "cpu | gpu (gpu needs the -Pgpu build and CUDA).") String device;
    @Option(names = "--swa-start", defaultValue = "0", paramLabel = "EPOCH",
            description = "Average the weights of epochs EPOCH..end (stochastic weight averaging), recompute BN statistics for them "
                    + "with a pass over the training data (torch's update_bn), save as checkpoint 'swa' (0: off).")
    int swaStart;
    @Option(names = "--ema", defaultValue = "0", paramLabel = "DECAY",
            description = "Keep an exponential moving average of the weights and BN statistics, ema = DECAY*ema + (1-DECAY)*w after "
                    + "every step (e.g. 0.999); scored on val each epoch (ema_* columns), its best epoch saved as checkpoint 'ema' (0: off).")
    double ema;
    @Option(names = "--pretrained", paramLabel = "FILE",
            description = "Start from these weights: PyTorch .pth (zip or legacy), .safetensors (torchvision / timm / smp names), "
                    + "or darknet .weights for darknet53; a head of another shape keeps its fresh init. Not loaded on --resume.")
    Path pretrained;
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

    /** --normalize, or its default for the model and --pretrained (see Normalization.defaultFor). */
    Normalization normalization(String model) {
        return normalize == null ? Normalization.defaultFor(model, pretrained != null) : Normalization.parse(normalize);
    }

    FineTune fineTune(String model) {
        FineTune f = new FineTune(freezeBackbone, backboneLrMult);
        if (f.grouped()) ModelLibrary.requireBackbone(model);
        return f;
    }

    int[] size() {
        return TrainCommand.parseSize(input);
    }

    int workerThreads() {
        return workers > 0 ? workers : threads == 1 ? 1 : 2;
    }

    /** seed 003's set when --augment is not given (seg train). */
    /** --precision checked against --device and this CPU (a CvpipeException when it cannot run). */
    Precision precision() {
        return precisionOption.resolve(device);
    }

    Augment augmentation() {
        return augmentation(Augment.DEFAULT);
    }

    /** The --augment pipeline, or {@code defaultSpec} when the option is not given. */
    Augment augmentation(String defaultSpec) {
        return Augment.parse(augment == null ? defaultSpec : augment);
    }

    /**
     * What runs before training starts: exit 1 when --device asks for something this build cannot
     * do, or when --pretrained does not fit {@code model} (checked before anything is written);
     * with --overwrite, forget the run already in {@code runDir}.
     */
    void prepare(Path runDir, String model) throws IOException {
        try {
            DeviceCheck.require(device);
            if (pretrained != null && !(resume && new Checkpoints(runDir).exists())) ModelLibrary.checkPretrained(pretrained, model);
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
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
