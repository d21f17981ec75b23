package dev.cvpipe.cli;

import dev.cvpipe.model.Precision;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Table;
import dev.cvpipe.train.EpochMetrics;
import dev.cvpipe.train.ModelLibrary;
import dev.cvpipe.train.ResizeMode;
import dev.cvpipe.train.SegDataset;
import dev.cvpipe.train.SegLabels;
import dev.cvpipe.train.SegLoss;
import dev.cvpipe.train.SegTask;
import dev.cvpipe.train.TrainOptions;
import dev.cvpipe.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train a segmentation network on DIR/{train,val}/{images,labels} (a mask per image, same name, any extension).",
                "Writes labels.txt, config.json, metrics.csv (train_loss, val_loss, val_miou, val_acc, lr, timing), curves.svg and",
                "checkpoints/ (last every epoch, best by val mIoU, swa with --swa-start, ema with --ema). Images are squashed to --input (bilinear),",
                "masks resized by nearest neighbour; augmentations move image and mask alike.",
                "Losses (sums over all pixels of a batch, ignored pixels left out; p = sigmoid or softmax of the logits):",
                "  bce = mean(softplus(z) - z*t)    ce = mean(-sum_k t_k log p_k) (with --label-smoothing)",
                "  dice = mean over classes k of [k in truth] * (1 - 2 sum(p_k t_k) / (sum(p_k + t_k) + 1e-7))",
                "  dice+bce = 0.5 dice + 0.5 bce (binary default, seed 003)    dice+ce = 0.5 dice + 0.5 ce (multi-class default)"})
final class SegTrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder with train/{images,labels} and val/{images,labels}.")
    Path data;

    @Option(names = "--model", paramLabel = "MODEL", required = true, description = "Built-in segmentation model: unet-resnet34, unetpp-resnet34, unet-small (see 'cvpipe model list').")
    String model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "RUN_DIR", description = "Run folder, e.g. runs/NAME.")
    Path out;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "1", description = "1: binary (sigmoid, masks 0/255 thresholded at --threshold); K >= 2: softmax over K classes, masks hold indices 0..K-1.")
    int classes;

    @Option(names = "--loss", paramLabel = "LOSS", description = "dice+bce | dice+ce | bce | ce | dice (default: dice+bce for --classes 1, else dice+ce).")
    String loss;

    @Option(names = "--threshold", paramLabel = "N", defaultValue = "128", description = "Binary masks: values >= this are foreground (default ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--invert-mask", description = "Binary masks: foreground is the dark side (seed 003's 255 - mask).")
    boolean invertMask;

    @Option(names = "--ignore", defaultValue = "-1", paramLabel = "VALUE", description = "Mask value left out of loss and metrics, e.g. 255 (default: none).")
    int ignore;

    @Mixin
    TrainingOptions t;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() throws Exception {
        TrainOptions o;
        Precision precision = t.precision();
        SegLabels labels;
        SegLoss.Kind kind;
        try {
            ModelLibrary.requireKnown(model);
            int[] hw = t.size();
            labels = new SegLabels(classes, threshold, invertMask, ignore);
            kind = loss == null ? SegLoss.defaultKind(classes) : SegLoss.Kind.parse(loss);
            new SegLoss(kind, classes, t.labelSmoothing); // refuses a loss that does not fit --classes
            String classifierStep = t.augmentation().classifierOnlyStep();
            if (classifierStep != null) {
                throw new IllegalArgumentException("--augment: " + classifierStep + " is for classifiers ('cvpipe train'); it cannot move a mask");
            }
            o = new TrainOptions(data, model, out, hw[0], hw[1], t.epochs, t.batch, t.optimizer(), t.schedule(), t.labelSmoothing,
                    false, t.augmentation(), ResizeMode.SQUASH, t.normalization(model),
                    t.earlyStop, "val_miou", t.seed, t.threads, t.workerThreads(), t.prefetch, t.resume, t.strictOption.strict(), t.swaStart, t.ema, false, t.pretrained, t.fineTune(model), precision);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        t.prepare(out, model);
        BadInputs bad = t.strictOption.badInputs();
        Trainer.Result r;
        try {
            SegDataset ds = SegDataset.read(data);
            r = new Trainer(o, new SegTask(ds, o, labels, kind, bad), ModelLibrary.factory(), bad, Main.Version.version()).run();
        } catch (IllegalArgumentException | IOException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.FAILURE);
        }
        EpochMetrics best = r.history().stream().filter(m -> m.epoch() == r.bestEpoch()).findFirst().orElse(null);
        Table table = new Table("run", "epochs", "best_epoch", "val_loss", "val_miou", "val_acc", "swa_val_miou", "ema_epoch", "ema_val_miou");
        EpochMetrics ema = r.emaBest();
        table.add(r.runDir().toString(), r.epochsDone(), r.bestEpoch(),
                best == null ? null : best.valLoss(), best == null ? null : best.valScore(), best == null ? null : best.valAcc(),
                r.swa() == null ? null : r.swa().valScore(), ema == null ? null : ema.epoch(), ema == null ? null : ema.ema().valScore());
        table.print(format.out(), format.format());
        return TrainingOptions.exitCode(bad, "seg train");
    }
}
