package dev.cvpipe.train;

import dev.cvpipe.dataset.DatasetView;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.model.weights.ImportReport;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Csv;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Progress;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;

/**
 * Trains a network for a {@link TrainTask} (a classifier, or segmentation) into a run folder:
 * {@code labels.txt}, {@code config.json}, {@code metrics.csv}, {@code curves.svg},
 * {@code checkpoints/} (last every epoch, best by the monitored validation metric; {@code ema}: the
 * epoch whose weight EMA scored best, with {@code --ema}; {@code swa}: the averaged weights with
 * BN statistics recomputed, with {@code --swa-start}).
 *
 * <p>Determinism: the data stream (order, augmentation) is a function of the seed and the
 * epoch; with {@code threads = 1} TensorFlow's kernels run in a fixed order too, so two runs
 * give the same metrics.csv apart from its timing columns. A resumed run restores every
 * variable (weights, BN statistics, optimizer slots, Adam's beta powers) and continues the same
 * data stream and schedule at the next epoch; with threads = 1 it reproduces the uninterrupted
 * run's numbers. With more threads, float sums are reordered and results drift in late digits.
 */
public final class Trainer {
    private final TrainOptions o;
    private final TrainTask task;
    private final NetFactory factory;
    private final BadInputs bad;
    private final String version;
    /** config.json's "pretrained" entry: file, sha256 and counts (kept across --resume). */
    private Map<String, Object> pretrained;

    /** What a finished run reports. */
    public record Result(Path runDir, int epochsDone, int bestEpoch, double bestValue, List<EpochMetrics> history, boolean stoppedEarly,
                         EpochMetrics swa, int emaBestEpoch) {
        /** The epoch row whose EMA scored best (its {@code ema()} holds the scores), or null without --ema. */
        public EpochMetrics emaBest() {
            return history.stream().filter(m -> m.epoch() == emaBestEpoch && m.ema() != null).findFirst().orElse(null);
        }
    }

    /** A classifier on the split folder {@code options.data()}. */
    public Trainer(TrainOptions options, NetFactory factory, BadInputs bad, String version) throws IOException {
        this(options, new ClassifierTask(DatasetView.split(options.data(), bad), options, bad), factory, bad, version);
    }

    public Trainer(TrainOptions options, TrainTask task, NetFactory factory, BadInputs bad, String version) {
        this.o = options;
        this.task = task;
        this.factory = factory;
        this.bad = bad;
        this.version = version;
    }

    public Result run() throws IOException {
        boolean created = !Files.exists(o.out());
        Files.createDirectories(o.out());
        try {
            return train();
        } catch (IOException | RuntimeException e) {
            forgetUnstartedRun(created);
            throw e;
        }
    }

    /**
     * A run that failed before its first checkpoint leaves nothing behind: its config.json and labels.txt
     * would make the folder look like a run to predict and model export. A folder with a checkpoint
     * (a resumable run) is left as it is, and only the files this class writes are removed.
     */
    private void forgetUnstartedRun(boolean created) {
        if (new Checkpoints(o.out()).exists()) return;
        try {
            for (String name : List.of(RunConfig.FILE, RunConfig.LABELS)) Files.deleteIfExists(o.out().resolve(name));
            if (created) {
                // the folder is ours: what is left beside our own temp-owner lock means it is no longer empty
                List<Path> left;
                try (var list = Files.list(o.out())) {
                    left = list.toList();
                }
                if (left.stream().allMatch(AtomicFile::isTemp)) {
                    for (Path p : left) Files.deleteIfExists(p);
                    Files.delete(o.out());
                }
            }
        } catch (IOException ignored) {
            // the first error is what the user needs to see; a leftover file is harmless
        }
    }

    private Result train() throws IOException {
        int classes = task.classes();
        AtomicFile.removeStaleTemps(o.out());
        Checkpoints ckpt = new Checkpoints(o.out());
        Checkpoints.State state = null;
        if (ckpt.exists()) {
            if (!o.resume()) {
                throw new IllegalArgumentException(o.out() + " already holds a training run: pass --resume to continue it, or choose another -o");
            }
            RunConfig previous = RunConfig.read(o.out());
            task.checkCompatible(previous);
            checkSameAveraging(previous);
            checkSameFineTune(previous);
            if (previous.training() != null && previous.training().get("pretrained") instanceof Map<?, ?> m) {
                pretrained = new LinkedHashMap<>();
                m.forEach((k, v) -> pretrained.put(String.valueOf(k), v));
            }
            state = ckpt.lastState().orElse(null);
        } else if (o.resume()) {
            Log.info("train: nothing to resume in %s, starting a new run", o.out());
        }
        AtomicFile.writeString(o.out().resolve(RunConfig.LABELS), String.join("\n", task.labels()) + "\n");

        int[] trainLabels = task.trainItemLabels();
        int[] valLabels = task.valItemLabels();
        int stepsPerEpoch = (task.trainSize() + o.batch() - 1) / o.batch();

        List<EpochMetrics> history = new ArrayList<>();
        int startEpoch = 0, bestEpoch = 0, sinceBest = 0, emaBestEpoch = 0;
        long globalStep = 0;
        double bestValue = Double.NEGATIVE_INFINITY, emaBestValue = Double.NEGATIVE_INFINITY;
        if (state != null) {
            history.addAll(state.history());
            startEpoch = state.epochsDone();
            globalStep = state.globalStep();
            bestEpoch = state.bestEpoch();
            bestValue = state.bestValue();
            sinceBest = state.sinceBest();
            emaBestEpoch = state.emaBestEpoch();
            emaBestValue = state.emaBestValue();
        }
        writeConfig(classes, startEpoch, bestEpoch);
        Log.info("train: %s on %s: %d train / %d val images, %d classes, %dx%d, batch %d, %s, %s",
                o.model(), o.data(), task.trainSize(), task.valSize(), classes, o.height(), o.width(), o.batch(),
                o.optimizer().kind().cli(), o.schedule().describe());
        if (o.height() != o.width() && o.augment().names().stream().anyMatch(n -> n.startsWith("rot90(") && !n.equals("rot90(p=0)"))) {
            Log.info("train: --augment rot90 does nothing at %dx%d: a quarter turn needs a square --input", o.height(), o.width());
        }
        if (startEpoch >= o.epochs() || (o.earlyStop() > 0 && sinceBest >= o.earlyStop() && startEpoch > 0)) {
            Log.info("train: %s is already complete (%d epochs)", o.out(), startEpoch);
            return new Result(o.out(), startEpoch, bestEpoch, bestValue, history, false, null, emaBestEpoch);
        }

        boolean stoppedEarly = false;
        EpochMetrics swa = null;
        try (TrainGraph g = new TrainGraph(factory, o.model(), classes, o.height(), o.width(), o.seed(),
                o.normalization(), o.optimizer(), task.loss(), o.swaStart() > 0, o.emaDecay(), o.aux(), o.fineTune(), o.threads(),
                o.precision())) {
            if (state != null) {
                String last = ckpt.prefix("last").orElseThrow();
                try {
                    g.restore(last);
                } catch (RuntimeException e) {
                    // TensorFlow's own words ("Read less bytes than requested [[{{node save/Restore}}]]") name no file
                    throw new IOException(o.out() + ": checkpoint " + last + " cannot be restored ("
                            + BadInputs.oneLine(e.getMessage()).replaceFirst("\\s*\\[\\[.*", "") + ")", e);
                }
                Log.info("train: resumed from %s after epoch %d", o.out(), startEpoch);
                if (o.pretrained() != null) Log.info("train: --pretrained is not loaded on --resume: the checkpoint holds the weights");
            } else {
                g.initialize();
                if (o.pretrained() != null) {
                    loadPretrained(g);
                    writeConfig(classes, startEpoch, bestEpoch);
                }
            }
            for (int epoch = startEpoch; epoch < o.epochs(); epoch++) {
                boolean frozen = o.fineTune().frozen(epoch);
                if (frozen && epoch == startEpoch) {
                    Log.info("train: backbone frozen for epochs 1-%d: only the head trains, backbone BN statistics stay fixed", o.fineTune().freezeEpochs());
                    if (o.fineTune().freezeEpochs() >= o.epochs()) {
                        // legitimate (a linear probe), but more often a typo: say it before the hours go by
                        Log.warn("train: --freeze-backbone %d covers all %d epochs: the backbone never trains; --resume with --epochs %d or more unfreezes it",
                                o.fineTune().freezeEpochs(), o.epochs(), o.fineTune().freezeEpochs() + 1);
                    }
                } else if (!frozen && o.fineTune().freezeEpochs() > 0 && epoch == o.fineTune().freezeEpochs()) {
                    Log.info("train: epoch %d: backbone unfrozen, everything trains%s", epoch + 1, o.fineTune().backboneLrMult() == 1 ? ""
                            : String.format(Locale.ROOT, " (backbone at lr x %s)", o.fineTune().backboneLrMult()));
                }
                long t0 = System.nanoTime();
                double lossSum = 0;
                int seen = 0;
                TrainTask.Scores trainScores = task.scores();
                double lr = o.schedule().lr(epoch, globalStep, stepsPerEpoch);
                int[] order = ImageSource.shuffled(task.trainSize(), o.seed(), epoch);
                try (BatchLoader loader = new BatchLoader(order, trainLabels, o.batch(), task.itemBytes(), o.workers(), o.prefetch(),
                        task.trainItems(o.seed(), epoch));
                     Progress bar = Progress.isTerminal() ? new Progress(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, o.epochs()), stepsPerEpoch) : null) {
                    int batchIndex = 0;
                    while (loader.hasNext()) {
                        BatchLoader.Batch b = loader.next();
                        batchIndex++;
                        lr = o.schedule().lr(epoch, globalStep, stepsPerEpoch);
                        globalStep++;
                        if (bar != null) bar.step();
                        if (b.n() == 0) continue;
                        TrainTask.Feed f = task.trainFeed(b, o.height(), o.width(), o.seed(), epoch, batchIndex - 1);
                        TrainGraph.StepResult r = g.step(f.pixels(), f.labels(), f.targets(), b.n(), lr, frozen);
                        if (!Float.isFinite(r.loss())) {
                            throw new IllegalStateException("loss became " + r.loss() + " at epoch " + (epoch + 1) + " (try a lower --lr)");
                        }
                        lossSum += (double) r.loss() * b.n();
                        trainScores.add(r.logits(), f.labels(), b.n());
                        seen += b.n();
                    }
                }
                if (seen == 0) throw nothingReadable(task.trainSize(), "training");
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                double[] val = evaluate(g, valLabels, false);
                double seconds = (System.nanoTime() - t0) / 1e9;
                EpochMetrics m = new EpochMetrics(epoch + 1, seen == 0 ? Double.NaN : lossSum / seen,
                        seen == 0 ? Double.NaN : trainScores.accuracy(), val[0], val[1], val[2], lr,
                        seconds, seen / Math.max(trainSeconds, 1e-9));
                boolean emaBest = false;
                if (g.hasEma()) {
                    double[] e = evaluate(g, valLabels, true);
                    m = m.withEma(new EpochMetrics.Ema(e[0], e[1], e[2]));
                    double emaValue = task.valSize() == 0 ? epoch : m.ema().monitored(o.monitor());
                    emaBest = emaBestEpoch == 0 || emaValue > emaBestValue
                            || (emaValue == emaBestValue && m.ema().valLoss() < emaLossAt(history, emaBestEpoch));
                    if (emaBest) {
                        emaBestValue = emaValue;
                        emaBestEpoch = epoch + 1;
                    }
                }
                history.add(m);
                double value = task.valSize() == 0 ? -m.trainLoss() : m.monitored(o.monitor());
                // Ties (a small validation set often repeats its accuracy) go to the lower val loss.
                boolean best = history.size() == 1 || value > bestValue
                        || (value == bestValue && m.valLoss() < lossAt(history, bestEpoch));
                if (best) {
                    bestValue = value;
                    bestEpoch = epoch + 1;
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                if (o.swaStart() > 0 && epoch + 1 >= o.swaStart()) g.swaUpdate();
                ckpt.save(g, new Checkpoints.State(epoch + 1, globalStep, bestEpoch, bestValue, sinceBest, history,
                        emaBestEpoch, emaBestValue), best, emaBest);
                writeMetrics(history);
                saveCurves(history);
                writeConfig(classes, epoch + 1, bestEpoch);
                Log.info("%s", epochLine(m, best, emaBest));
                if (o.earlyStop() > 0 && sinceBest >= o.earlyStop()) {
                    Log.info("train: no improvement of %s for %d epochs, stopping early", o.monitor(), sinceBest);
                    stoppedEarly = true;
                    break;
                }
            }
            int done = history.get(history.size() - 1).epoch();
            if (o.swaStart() > 0 && done >= o.swaStart()) swa = finishSwa(g, ckpt, done);
            else if (o.swaStart() > 0) {
                Log.warn("train: --swa-start %d not reached (last epoch %d): no 'swa' checkpoint; --resume with --epochs %d or more averages",
                        o.swaStart(), done, o.swaStart());
            }
        }
        EpochMetrics last = history.get(history.size() - 1);
        return new Result(o.out(), last.epoch(), bestEpoch, bestValue, history, stoppedEarly, swa, emaBestEpoch);
    }

    /** Loads --pretrained after the initialisers and before step 1; heads that do not fit keep their fresh values. */
    private void loadPretrained(TrainGraph g) throws IOException {
        long t0 = System.nanoTime();
        ImportReport r = g.loadPretrained(o.pretrained());
        double seconds = (System.nanoTime() - t0) / 1e9;
        pretrained = new LinkedHashMap<>();
        pretrained.put("file", o.pretrained().getFileName().toString());
        pretrained.put("format", r.format());
        pretrained.put("sha256", r.sha256());
        pretrained.put("loaded", r.loaded());
        pretrained.put("reinitialised", r.reinitialised());
        pretrained.put("unused", r.unused());
        Log.info("train: pretrained weights %s, in %.1f s", r.summary(), seconds);
        for (var row : r.rows()) {
            if (row.status() == dev.cvpipe.model.weights.TorchMapping.Status.REINITIALISED) {
                Log.info("train: %s %s re-initialised (%s)", row.tensor(), row.shape(), row.note());
            }
        }
    }

    /**
     * Replaces the weights with their average over epochs swa-start..done, recomputes the BN
     * statistics for them ({@link #updateBatchNorm}), scores it on the validation set and saves it as
     * the {@code swa} checkpoint.
     */
    private EpochMetrics finishSwa(TrainGraph g, Checkpoints ckpt, int done) throws IOException {
        g.swaApply();
        if (g.hasBatchNorm()) updateBatchNorm(g, done);
        double[] val = evaluate(g, task.valItemLabels(), false);
        ckpt.saveSwa(g);
        EpochMetrics m = new EpochMetrics(done, Double.NaN, Double.NaN, val[0], val[1], val[2], Double.NaN, 0, 0);
        Log.info("swa: weights averaged over epochs %d..%d: val loss %.4f acc %.4f %s %.4f (checkpoint 'swa')",
                o.swaStart(), done, val[0], val[1], scoreLabel(), val[2]);
        return m;
    }

    /**
     * torch.optim.swa_utils.update_bn: one pass over the training data (the augmented stream a next
     * epoch would see, in its order) with the network in training mode and no weight update; BN's
     * moving statistics become the plain average of the batches' statistics (momentum 1/k).
     */
    private void updateBatchNorm(TrainGraph g, int epoch) {
        long t0 = System.nanoTime();
        int k = 0, seen = 0;
        try (BatchLoader loader = new BatchLoader(ImageSource.shuffled(task.trainSize(), o.seed(), epoch), task.trainItemLabels(),
                o.batch(), task.itemBytes(), o.workers(), o.prefetch(), task.trainItems(o.seed(), epoch))) {
            while (loader.hasNext()) {
                BatchLoader.Batch b = loader.next();
                if (b.n() == 0) continue;
                g.bnStatisticsBatch(task.feed(b, o.height(), o.width()).pixels(), b.n(), ++k);
                seen += b.n();
            }
        }
        Log.info("swa: BN statistics recomputed for the averaged weights over %d training images in %d batches (%.1fs)",
                seen, k, (System.nanoTime() - t0) / 1e9);
    }

    /** Averaging changes the graph's variables: a run continues only with the settings it was started with. */
    private void checkSameAveraging(RunConfig previous) {
        Map<String, Object> t = previous.training() == null ? Map.of() : previous.training();
        double ema = t.get("ema") instanceof Number n ? n.doubleValue() : 0;
        int swaStart = t.get("swa_start") instanceof Number n ? n.intValue() : 0;
        boolean aux = Boolean.TRUE.equals(t.get("aux"));
        if (ema != o.emaDecay() || (swaStart > 0) != (o.swaStart() > 0) || aux != o.aux()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--resume: %s was trained with --ema %s, --swa-start %d%s; resume it with the same options",
                    o.out(), ema == 0 ? "0" : Double.toString(ema), swaStart, aux ? ", --aux" : ""));
        }
    }

    private static double emaLossAt(List<EpochMetrics> history, int epoch) {
        for (EpochMetrics m : history) if (m.epoch() == epoch && m.ema() != null) return m.ema().valLoss();
        return Double.POSITIVE_INFINITY;
    }

    private void saveCurves(List<EpochMetrics> history) throws IOException {
        boolean classifier = task.columns().contains("val_macro_f1");
        TrainingCurves.save(history, o.out().resolve("curves.svg"), classifier ? "val macro-F1" : "val mIoU", classifier);
    }

    private static double lossAt(List<EpochMetrics> history, int epoch) {
        for (EpochMetrics m : history) if (m.epoch() == epoch) return m.valLoss();
        return Double.POSITIVE_INFINITY;
    }

    /** [loss, accuracy, score] on the validation list (the plain eval loss) of the weights or their EMA; NaN without one. */
    private double[] evaluate(TrainGraph g, int[] labels, boolean ema) {
        if (task.valSize() == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        TrainTask.Scores scores = task.scores();
        double lossSum = 0;
        int seen = 0;
        try (BatchLoader loader = new BatchLoader(ImageSource.identity(task.valSize()), labels, o.batch(), task.itemBytes(),
                o.workers(), o.prefetch(), task.valItems())) {
            while (loader.hasNext()) {
                BatchLoader.Batch b = loader.next();
                if (b.n() == 0) continue;
                TrainTask.Feed f = task.feed(b, o.height(), o.width());
                TrainGraph.StepResult r = ema ? g.evalEma(f.pixels(), f.labels(), b.n()) : g.eval(f.pixels(), f.labels(), b.n());
                lossSum += (double) r.loss() * b.n();
                seen += b.n();
                scores.add(r.logits(), f.labels(), b.n());
            }
        }
        // NaN metrics would still crown a "best" epoch: with nothing to score, stop instead
        if (seen == 0) throw nothingReadable(task.valSize(), "validation");
        return new double[] {lossSum / seen, scores.accuracy(), scores.score()};
    }

    private IllegalStateException nothingReadable(int listed, String which) {
        return new IllegalStateException(o.data() + ": none of the " + listed + " " + which
                + " images could be read (each is reported above); nothing to train or score on");
    }

    public static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) if (v[off + c] > v[off + best]) best = c;
        return best;
    }

    /** Macro-F1 over the classes in truth or predictions (kept for callers; see {@link ClassifierTask#macroF1}). */
    static double macroF1(List<Integer> truth, List<Integer> pred, int classes) {
        return ClassifierTask.macroF1(truth, pred, classes);
    }

    static void checkSameShape(RunConfig c, TrainOptions o, int classes) {
        if (!c.model().equals(o.model()) || c.classes() != classes || c.height() != o.height() || c.width() != o.width()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--resume: %s was trained as %s %dx%d with %d classes, not %s %dx%d with %d classes",
                    o.out(), c.model(), c.height(), c.width(), c.classes(), o.model(), o.height(), o.width(), classes));
        }
    }

    /** The optimizer's variables differ with the fine-tuning groups: a resumed run keeps the ones it started with. */
    private void checkSameFineTune(RunConfig previous) {
        FineTune was = FineTune.recorded(previous.training());
        if (!was.equals(o.fineTune())) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--resume: %s was started with --freeze-backbone %d --backbone-lr-mult %s, not %d and %s: resume with the same values",
                    o.out(), was.freezeEpochs(), was.backboneLrMult(), o.fineTune().freezeEpochs(), o.fineTune().backboneLrMult()));
        }
    }

    private void writeConfig(int classes, int epochsDone, int bestEpoch) throws IOException {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("data", o.data().toString());
        t.put("epochs", o.epochs());
        t.put("batch", o.batch());
        t.put("optimizer", o.optimizer().kind().cli());
        t.put("lr", o.schedule().baseLr());
        t.put("weight_decay", o.optimizer().weightDecay());
        t.put("momentum", o.optimizer().momentum());
        t.put("nesterov", o.optimizer().nesterov());
        t.put("schedule", o.schedule().describe());
        t.putAll(task.configEntries());
        t.put("augment", o.augment().names());
        t.put("early_stop", o.earlyStop());
        t.put("monitor", o.monitor());
        if (o.swaStart() > 0) t.put("swa_start", o.swaStart());
        if (o.emaDecay() > 0) t.put("ema", o.emaDecay());
        if (o.aux()) t.put("aux", true);
        if (o.fineTune().grouped()) t.putAll(o.fineTune().configEntries());
        if (pretrained != null) t.put("pretrained", pretrained);
        Normalization n = o.normalization();
        new RunConfig(o.model(), classes, o.height(), o.width(), o.resize().cliName(), n.name(), n.scale(), n.offset(),
                o.seed(), epochsDone, bestEpoch, version, t).write(o.out());
    }

    private void writeMetrics(List<EpochMetrics> rows) throws IOException {
        List<String> cols = o.emaDecay() > 0 ? EpochMetrics.withEmaColumns(task.columns()) : task.columns();
        AtomicFile.write(o.out().resolve("metrics.csv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter p = Csv.printer(w, cols.toArray(String[]::new));
            for (EpochMetrics m : rows) {
                List<String> r = new ArrayList<>();
                for (String c : cols) r.add(m.value(c));
                p.printRecord(r);
            }
            p.flush();
        });
    }

    private String scoreLabel() {
        return task.columns().contains("val_miou") ? "miou" : "f1";
    }

    private String epochLine(EpochMetrics m, boolean best, boolean emaBest) {
        String val = Double.isNaN(m.valLoss()) ? "" : String.format(Locale.ROOT, "  val loss %.4f acc %.4f %s %.4f",
                m.valLoss(), m.valAcc(), scoreLabel(), m.valScore());
        if (m.ema() != null && !Double.isNaN(m.ema().valLoss())) {
            val += String.format(Locale.ROOT, "  ema loss %.4f acc %.4f %s %.4f%s",
                    m.ema().valLoss(), m.ema().valAcc(), scoreLabel(), m.ema().valScore(), emaBest ? " *ema" : "");
        }
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f acc %.4f%s  lr %.3g  %.1fs %.1f img/s%s",
                m.epoch(), o.epochs(), m.trainLoss(), m.trainAcc(), val, m.lr(), m.seconds(), m.imgPerSec(), best ? "  *best" : "");
    }
}
