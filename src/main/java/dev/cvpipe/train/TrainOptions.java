package dev.cvpipe.train;

import dev.cvpipe.model.Precision;
import java.nio.file.Path;

/**
 * Everything {@code cvpipe train} takes. Defaults follow seed 003: AdamW lr 1e-3 weight decay
 * 1e-3, CosineAnnealingWarmRestarts(T0=2, Tmult=2, eta_min=1e-5), all five augmentations.
 */
public record TrainOptions(
        Path data, String model, Path out,
        int height, int width, int epochs, int batch,
        Optimizer optimizer, LrSchedule schedule,
        double labelSmoothing, boolean classWeightsAuto, Augment augment,
        ResizeMode resize, Normalization normalization,
        int earlyStop, String monitor, long seed, int threads, int workers, int prefetch,
        boolean resume, boolean strict, int swaStart, double emaDecay, boolean aux, Path pretrained, FineTune fineTune,
        Precision precision) {

    /** In float32. */
    public TrainOptions(Path data, String model, Path out, int height, int width, int epochs, int batch,
                        Optimizer optimizer, LrSchedule schedule, double labelSmoothing, boolean classWeightsAuto, Augment augment,
                        ResizeMode resize, Normalization normalization, int earlyStop, String monitor, long seed, int threads,
                        int workers, int prefetch, boolean resume, boolean strict, int swaStart, double emaDecay, boolean aux,
                        Path pretrained, FineTune fineTune) {
        this(data, model, out, height, width, epochs, batch, optimizer, schedule, labelSmoothing, classWeightsAuto, augment,
                resize, normalization, earlyStop, monitor, seed, threads, workers, prefetch, resume, strict, swaStart, emaDecay, aux,
                pretrained, fineTune, Precision.FP32);
    }

    /** Without EMA, an auxiliary head, pretrained weights or fine-tuning controls. */
    public TrainOptions(Path data, String model, Path out, int height, int width, int epochs, int batch,
                        Optimizer optimizer, LrSchedule schedule, double labelSmoothing, boolean classWeightsAuto, Augment augment,
                        ResizeMode resize, Normalization normalization, int earlyStop, String monitor, long seed, int threads,
                        int workers, int prefetch, boolean resume, boolean strict, int swaStart) {
        this(data, model, out, height, width, epochs, batch, optimizer, schedule, labelSmoothing, classWeightsAuto, augment,
                resize, normalization, earlyStop, monitor, seed, threads, workers, prefetch, resume, strict, swaStart, 0, false, null, FineTune.NONE);
    }

    /** The same options, starting from the weights in {@code file} (.pth, .safetensors, darknet .weights; null: none). */
    public TrainOptions withPretrained(Path file) {
        return new TrainOptions(data, model, out, height, width, epochs, batch, optimizer, schedule, labelSmoothing, classWeightsAuto,
                augment, resize, normalization, earlyStop, monitor, seed, threads, workers, prefetch, resume, strict, swaStart,
                emaDecay, aux, file, fineTune, precision);
    }

    /** The same options with these fine-tuning controls (freeze, backbone lr multiplier). */
    public TrainOptions withFineTune(FineTune f) {
        return new TrainOptions(data, model, out, height, width, epochs, batch, optimizer, schedule, labelSmoothing, classWeightsAuto,
                augment, resize, normalization, earlyStop, monitor, seed, threads, workers, prefetch, resume, strict, swaStart,
                emaDecay, aux, pretrained, f, precision);
    }

    /** Without SWA (the classifier's options). */
    public TrainOptions(Path data, String model, Path out, int height, int width, int epochs, int batch,
                        Optimizer optimizer, LrSchedule schedule, double labelSmoothing, boolean classWeightsAuto, Augment augment,
                        ResizeMode resize, Normalization normalization, int earlyStop, String monitor, long seed, int threads,
                        int workers, int prefetch, boolean resume, boolean strict) {
        this(data, model, out, height, width, epochs, batch, optimizer, schedule, labelSmoothing, classWeightsAuto, augment,
                resize, normalization, earlyStop, monitor, seed, threads, workers, prefetch, resume, strict, 0);
    }

    public TrainOptions {
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1");
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1");
        if (labelSmoothing < 0 || labelSmoothing >= 1) throw new IllegalArgumentException("--label-smoothing must be in [0, 1)");
        if (fineTune == null) fineTune = FineTune.NONE;
        if (precision == null) precision = Precision.FP32;
        if (swaStart < 0) throw new IllegalArgumentException("--swa-start must be an epoch >= 1 (0: no SWA)");
        if (!(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1))) throw new IllegalArgumentException("--ema must be a decay in (0, 1), e.g. 0.999 (0: no EMA)");
        if (!monitor.equals("val_acc") && !monitor.equals("val_f1") && !monitor.equals("val_loss") && !monitor.equals("val_miou")) {
            throw new IllegalArgumentException("--monitor must be val_acc, val_f1 or val_loss, got '" + monitor + "'");
        }
    }
}
