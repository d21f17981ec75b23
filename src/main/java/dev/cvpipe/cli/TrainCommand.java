package dev.cvpipe.cli;

import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Table;
import dev.cvpipe.train.Augment;
import dev.cvpipe.train.Checkpoints;
import dev.cvpipe.train.DeviceCheck;
import dev.cvpipe.train.EpochMetrics;
import dev.cvpipe.train.LrSchedule;
import dev.cvpipe.train.ModelLibrary;
import dev.cvpipe.train.Normalization;
import dev.cvpipe.train.Optimizer;
import dev.cvpipe.train.ResizeMode;
import dev.cvpipe.train.TrainOptions;
import dev.cvpipe.train.Trainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train an image classifier on a split folder (from 'cvpipe split') into a run folder.",
                "Writes labels.txt, config.json, metrics.csv, curves.svg and checkpoints/ (last every epoch, best by --monitor)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "SPLIT_DIR", description = "Split folder: labels.txt, train_list.txt, val_list.txt.")
    Path data;

    @Option(names = "--model", required = true, description = "Built-in model name (see 'cvpipe model list').")
    String model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "RUN_DIR", description = "Run folder, e.g. runs/NAME.")
    Path out;

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
    @Option(names = "--class-weights", defaultValue = "none", description = "auto (n / (classes x count)) | none.") String classWeights;
    @Option(names = "--augment", defaultValue = Augment.DEFAULT, description = "Comma list of flip,vflip,rot90,hsv,shift-scale-rotate, or none (default: all, seed 003's ranges).") String augment;
    @Option(names = "--resize", defaultValue = "squash", description = "squash | short-side-crop.") String resize;
    @Option(names = "--normalize", defaultValue = "imagenet", description = "imagenet (mean/std) | x3.2 (x/255*3.2-1.6, seed 003).") String normalize;
    @Option(names = "--early-stop", defaultValue = "0", paramLabel = "N", description = "Stop after N epochs without improvement (0: never).") int earlyStop;
    @Option(names = "--monitor", defaultValue = "val_acc", description = "Best-checkpoint metric: val_acc | val_f1 | val_loss.") String monitor;
    @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.") long seed;
    @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads (0: all cores; 1: deterministic).") int threads;
    @Option(names = "--workers", defaultValue = "0", description = "Image decoding threads (0: 2, or 1 with --threads 1).") int workers;
    @Option(names = "--prefetch", defaultValue = "4", description = "Batches prepared ahead; memory is batch x prefetch images.") int prefetch;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu | gpu (gpu needs the -Pgpu build and CUDA).") String device;
    @Option(names = "--resume", description = "Continue the run in RUN_DIR from its last checkpoint.") boolean resume;
    @Option(names = "--strict", description = "Stop at the first bad image instead of skipping it.") boolean strict;
    @Option(names = "--overwrite", description = "Start afresh in a RUN_DIR that already holds a run (its checkpoints are deleted); for pipelines.") boolean overwrite;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        TrainOptions o;
        try {
            ModelLibrary.requireKnown(model);
            int[] hw = parseSize(input);
            Optimizer opt = new Optimizer(Optimizer.Kind.parse(optimizer), weightDecay, momentum, nesterov, 0.9, 0.999, 1e-8);
            LrSchedule s = new LrSchedule(LrSchedule.Kind.parse(schedule), lr, epochs, t0, tMult, etaMin,
                    stepSize > 0 ? stepSize : Math.max(1, epochs / 3), gamma, warmup);
            if (!classWeights.equals("auto") && !classWeights.equals("none")) {
                throw new IllegalArgumentException("--class-weights must be auto or none");
            }
            int w = workers > 0 ? workers : threads == 1 ? 1 : 2;
            o = new TrainOptions(data, model, out, hw[0], hw[1], epochs, batch, opt, s, labelSmoothing,
                    classWeights.equals("auto"), Augment.parse(augment), ResizeMode.parse(resize), Normalization.parse(normalize),
                    earlyStop, monitor, seed, threads, w, prefetch, resume, strict);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        try {
            DeviceCheck.require(device);
        } catch (IllegalStateException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.FAILURE);
        }
        if (overwrite && resume) throw new CvpipeException("--overwrite and --resume exclude each other", ExitCode.USAGE);
        if (overwrite) new Checkpoints(out).discard();
        BadInputs bad = new BadInputs(strict);
        Trainer.Result r;
        try {
            r = new Trainer(o, ModelLibrary.factory(), bad, Main.Version.version()).run();
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.FAILURE);
        }
        EpochMetrics best = r.history().stream().filter(m -> m.epoch() == r.bestEpoch()).findFirst().orElse(null);
        Table t = new Table("run", "epochs", "best_epoch", "val_loss", "val_acc", "val_macro_f1");
        t.add(r.runDir().toString(), r.epochsDone(), r.bestEpoch(),
                best == null ? null : best.valLoss(), best == null ? null : best.valAcc(), best == null ? null : best.valMacroF1());
        t.print(System.out, format.format());
        if (bad.any()) {
            dev.cvpipe.report.Log.warn("train: %d bad image(s) skipped (listed above)", bad.count());
            return ExitCode.BAD_INPUTS;
        }
        return ExitCode.OK;
    }

    static int[] parseSize(String s) {
        String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int h = Integer.parseInt(p[0].strip());
            int w = p.length > 1 ? Integer.parseInt(p[1].strip()) : h;
            if (p.length > 2 || h < 8 || w < 8) throw new NumberFormatException();
            return new int[] {h, w};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--input must be SIZE or HxW (at least 8), got '" + s + "'");
        }
    }
}
