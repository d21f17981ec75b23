package dev.cvpipe.cli;

import dev.cvpipe.dataset.DatasetView;
import dev.cvpipe.model.Precision;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Table;
import dev.cvpipe.train.Augment;
import dev.cvpipe.train.BatchMix;
import dev.cvpipe.train.ClassifierTask;
import dev.cvpipe.train.EpochMetrics;
import dev.cvpipe.train.ModelLibrary;
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
                "Writes labels.txt, config.json, metrics.csv, curves.svg and checkpoints/ (last every epoch, best by --monitor,",
                "swa with --swa-start, ema with --ema: 'predict --checkpoint' chooses)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "SPLIT_DIR", description = "Split folder: labels.txt, train_list.txt, val_list.txt.")
    Path data;

    @Option(names = "--model", paramLabel = "MODEL", required = true, description = "Built-in model name (see 'cvpipe model list').")
    String model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "RUN_DIR", description = "Run folder, e.g. runs/NAME.")
    Path out;

    @Option(names = "--class-weights", paramLabel = "CLASS_WEIGHTS", defaultValue = "none", description = "auto (n / (classes x count)) | none.") String classWeights;
    @Option(names = "--resize", paramLabel = "RESIZE", defaultValue = "center-crop",
            description = "How validation / predict images meet --input: center-crop (short side to input/0.875, centre cut; default) | short-side-crop | squash. "
                    + "Training images take the same unless --augment starts with rrc.") String resize;
    @Option(names = "--mixup", defaultValue = "0", paramLabel = "ALPHA", description = "Mixup with lam ~ Beta(ALPHA, ALPHA) (timm: 0.8; 0: off).") double mixup;
    @Option(names = "--cutmix", defaultValue = "0", paramLabel = "ALPHA", description = "CutMix with lam ~ Beta(ALPHA, ALPHA) (timm: 1.0; 0: off); with --mixup, one of the two per batch.") double cutmix;
    @Option(names = "--monitor", paramLabel = "MONITOR", defaultValue = "val_acc", description = "Best-checkpoint metric: val_acc | val_f1 | val_loss.") String monitor;

    @Option(names = "--aux", description = "inception-v3: train with its AuxLogits head, loss = main + 0.4 x aux (torchvision); needs --input 299 or more.")
    boolean aux;

    @Mixin
    TrainingOptions t;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        TrainOptions o;
        Precision precision = t.precision();
        BatchMix mix;
        try {
            mix = new BatchMix(mixup, cutmix);
            ModelLibrary.requireKnown(model);
            int[] hw = t.size();
            if (aux) requireAuxFits(model, hw);
            if (!classWeights.equals("auto") && !classWeights.equals("none")) {
                throw new IllegalArgumentException("--class-weights must be auto or none");
            }
            o = new TrainOptions(data, model, out, hw[0], hw[1], t.epochs, t.batch, t.optimizer(), t.schedule(), t.labelSmoothing,
                    classWeights.equals("auto"), t.augmentation(Augment.CLASSIFIER_DEFAULT), ResizeMode.parse(resize), t.normalization(model),
                    t.earlyStop, monitor, t.seed, t.threads, t.workerThreads(), t.prefetch, t.resume, t.strictOption.strict(), t.swaStart, t.ema, aux, t.pretrained, t.fineTune(model), precision);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        t.prepare(out, model);
        BadInputs bad = t.strictOption.badInputs();
        Trainer.Result r;
        try {
            r = new Trainer(o, new ClassifierTask(DatasetView.split(o.data(), bad), o, mix, bad), ModelLibrary.factory(), bad,
                    Main.Version.version()).run();
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.FAILURE);
        }
        EpochMetrics best = r.history().stream().filter(m -> m.epoch() == r.bestEpoch()).findFirst().orElse(null);
        Table table = new Table("run", "epochs", "best_epoch", "val_loss", "val_acc", "val_macro_f1");
        table.add(r.runDir().toString(), r.epochsDone(), r.bestEpoch(),
                best == null ? null : best.valLoss(), best == null ? null : best.valAcc(), best == null ? null : best.valScore());
        EpochMetrics ema = r.emaBest();
        if (ema != null) table.add(r.runDir() + " (ema)", r.epochsDone(), ema.epoch(), ema.ema().valLoss(), ema.ema().valAcc(), ema.ema().valScore());
        if (r.swa() != null) table.add(r.runDir() + " (swa)", r.epochsDone(), null, r.swa().valLoss(), r.swa().valAcc(), r.swa().valScore());
        table.print(format.out(), format.format());
        return TrainingOptions.exitCode(bad, "train");
    }

    /**
     * --aux applies to inception-v3 at 299×299 or more (its Mixed_6e must be 17×17 for the AuxLogits
     * head): checked here so a wrong combination is a usage error before the data is read.
     */
    static void requireAuxFits(String model, int[] hw) {
        if (!model.equals(ModelLibrary.AUX_MODEL)) {
            throw new IllegalArgumentException("--aux: only " + ModelLibrary.AUX_MODEL + " has an auxiliary head, not " + model);
        }
        if (hw[0] < 299 || hw[1] < 299) {
            throw new IllegalArgumentException("--aux: " + ModelLibrary.AUX_MODEL + "'s aux head needs --input 299 or more, got "
                    + hw[0] + "x" + hw[1] + "; leave out --aux to train at this size");
        }
    }

    static int[] parseSize(String s) {
        String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x", -1);
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
