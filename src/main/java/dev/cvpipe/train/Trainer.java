package dev.cvpipe.train;

import dev.cvpipe.io.AtomicFile;
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
 * {@code checkpoints/} (last every epoch, best by the monitored validation metric).
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

    /** What a finished run reports. */
    public record Result(Path runDir, int epochsDone, int bestEpoch, double bestValue, List<EpochMetrics> history, boolean stoppedEarly,
                         EpochMetrics swa) {}

    /** A classifier on the split folder {@code options.data()}. */
    public Trainer(TrainOptions options, NetFactory factory, BadInputs bad, String version) throws IOException {
        this(options, new ClassifierTask(SplitDataset.read(options.data()), options, bad), factory, bad, version);
    }

    public Trainer(TrainOptions options, TrainTask task, NetFactory factory, BadInputs bad, String version) {
        this.o = options;
        this.task = task;
        this.factory = factory;
        this.bad = bad;
        this.version = version;
    }

    public Result run() throws IOException {
        int classes = task.classes();
        Files.createDirectories(o.out());
        AtomicFile.removeStaleTemps(o.out());
        Checkpoints ckpt = new Checkpoints(o.out());
        Checkpoints.State state = null;
        if (ckpt.exists()) {
            if (!o.resume()) {
                throw new IllegalArgumentException(o.out() + " already holds a training run: pass --resume to continue it, or choose another -o");
            }
            task.checkCompatible(RunConfig.read(o.out()));
            state = ckpt.lastState().orElse(null);
        } else if (o.resume()) {
            Log.info("train: nothing to resume in %s, starting a new run", o.out());
        }
        AtomicFile.writeString(o.out().resolve(RunConfig.LABELS), String.join("\n", task.labels()) + "\n");

        int[] trainLabels = task.trainItemLabels();
        int[] valLabels = task.valItemLabels();
        int stepsPerEpoch = (task.trainSize() + o.batch() - 1) / o.batch();

        List<EpochMetrics> history = new ArrayList<>();
        int startEpoch = 0, bestEpoch = 0, sinceBest = 0;
        long globalStep = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        if (state != null) {
            history.addAll(state.history());
            startEpoch = state.epochsDone();
            globalStep = state.globalStep();
            bestEpoch = state.bestEpoch();
            bestValue = state.bestValue();
            sinceBest = state.sinceBest();
        }
        writeConfig(classes, startEpoch, bestEpoch);
        Log.info("train: %s on %s: %d train / %d val images, %d classes, %dx%d, batch %d, %s, %s",
                o.model(), o.data(), task.trainSize(), task.valSize(), classes, o.height(), o.width(), o.batch(),
                o.optimizer().kind().cli(), o.schedule().describe());
        if (startEpoch >= o.epochs() || (o.earlyStop() > 0 && sinceBest >= o.earlyStop() && startEpoch > 0)) {
            Log.info("train: %s is already complete (%d epochs)", o.out(), startEpoch);
            return new Result(o.out(), startEpoch, bestEpoch, bestValue, history, false, null);
        }

        boolean stoppedEarly = false;
        EpochMetrics swa = null;
        try (TrainGraph g = new TrainGraph(factory, o.model(), classes, o.height(), o.width(), o.seed(),
                o.normalization(), o.optimizer(), task.loss(), o.swaStart() > 0, o.threads(), o.precision())) {
            if (state != null) {
                g.restore(ckpt.prefix("last").orElseThrow());
                Log.info("train: resumed from %s after epoch %d", o.out(), startEpoch);
            } else {
                g.initialize();
            }
            for (int epoch = startEpoch; epoch < o.epochs(); epoch++) {
                long t0 = System.nanoTime();
                double lossSum = 0;
                int seen = 0;
                TrainTask.Scores trainScores = task.scores();
                double lr = o.schedule().lr(epoch, globalStep, stepsPerEpoch);
                int[] order = ImageSource.shuffled(task.trainSize(), o.seed(), epoch);
                try (BatchLoader loader = new BatchLoader(order, trainLabels, o.batch(), task.itemBytes(), o.workers(), o.prefetch(),
                        task.trainItems(o.seed(), epoch));
                     Progress bar = Progress.isTerminal() ? new Progress(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, o.epochs()), stepsPerEpoch) : null) {
                    while (loader.hasNext()) {
                        BatchLoader.Batch b = loader.next();
                        lr = o.schedule().lr(epoch, globalStep, stepsPerEpoch);
                        globalStep++;
                        if (bar != null) bar.step();
                        if (b.n() == 0) continue;
                        TrainTask.Feed f = task.feed(b, o.height(), o.width());
                        TrainGraph.StepResult r = g.step(f.pixels(), f.labels(), b.n(), lr);
                        if (!Float.isFinite(r.loss())) {
                            throw new IllegalStateException("loss became " + r.loss() + " at epoch " + (epoch + 1) + " (try a lower --lr)");
                        }
                        lossSum += (double) r.loss() * b.n();
                        trainScores.add(r.logits(), f.labels(), b.n());
                        seen += b.n();
                    }
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                double[] val = evaluate(g, valLabels);
                double seconds = (System.nanoTime() - t0) / 1e9;
                EpochMetrics m = new EpochMetrics(epoch + 1, seen == 0 ? Double.NaN : lossSum / seen,
                        seen == 0 ? Double.NaN : trainScores.accuracy(), val[0], val[1], val[2], lr,
                        seconds, seen / Math.max(trainSeconds, 1e-9));
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
                ckpt.save(g, new Checkpoints.State(epoch + 1, globalStep, bestEpoch, bestValue, sinceBest, history), best);
                writeMetrics(history);
                saveCurves(history);
                writeConfig(classes, epoch + 1, bestEpoch);
                Log.info("%s", epochLine(m, best));
                if (o.earlyStop() > 0 && sinceBest >= o.earlyStop()) {
                    Log.info("train: no improvement of %s for %d epochs, stopping early", o.monitor(), sinceBest);
                    stoppedEarly = true;
                    break;
                }
            }
            int done = history.get(history.size() - 1).epoch();
            if (o.swaStart() > 0 && done >= o.swaStart()) swa = finishSwa(g, ckpt, done);
        }
        EpochMetrics last = history.get(history.size() - 1);
        return new Result(o.out(), last.epoch(), bestEpoch, bestValue, history, stoppedEarly, swa);
    }

    /**
     * Replaces the weights with their average over epochs swa-start..done, scores it on the
     * validation set and saves it as the {@code swa} checkpoint. BN running statistics are the
     * last epoch's, not recomputed for the averaged weights (no update_bn pass).
     */
    private EpochMetrics finishSwa(TrainGraph g, Checkpoints ckpt, int done) throws IOException {
        g.swaApply();
        double[] val = evaluate(g, task.valItemLabels());
        ckpt.saveSwa(g);
        EpochMetrics m = new EpochMetrics(done, Double.NaN, Double.NaN, val[0], val[1], val[2], Double.NaN, 0, 0);
        Log.info("swa: weights averaged over epochs %d..%d: val loss %.4f acc %.4f %s %.4f (checkpoint 'swa')",
                o.swaStart(), done, val[0], val[1], scoreLabel(), val[2]);
        return m;
    }

    private void saveCurves(List<EpochMetrics> history) throws IOException {
        boolean classifier = task.columns().contains("val_macro_f1");
        TrainingCurves.save(history, o.out().resolve("curves.svg"), classifier ? "val macro-F1" : "val mIoU", classifier);
    }

    private static double lossAt(List<EpochMetrics> history, int epoch) {
        for (EpochMetrics m : history) if (m.epoch() == epoch) return m.valLoss();
        return Double.POSITIVE_INFINITY;
    }

    /** [loss, accuracy, score] on the validation list (the plain eval loss); NaN without one. */
    private double[] evaluate(TrainGraph g, int[] labels) {
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
                TrainGraph.StepResult r = g.eval(f.pixels(), f.labels(), b.n());
                lossSum += (double) r.loss() * b.n();
                seen += b.n();
                scores.add(r.logits(), f.labels(), b.n());
            }
        }
        if (seen == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        return new double[] {lossSum / seen, scores.accuracy(), scores.score()};
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

    static float[] balancedWeights(List<SplitDataset.Sample> train, int classes) {
        return ClassifierTask.balancedWeights(train, classes);
    }

    static void checkSameShape(RunConfig c, TrainOptions o, int classes) {
        if (!c.model().equals(o.model()) || c.classes() != classes || c.height() != o.height() || c.width() != o.width()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--resume: %s was trained as %s %dx%d with %d classes, not %s %dx%d with %d classes",
                    o.out(), c.model(), c.height(), c.width(), c.classes(), o.model(), o.height(), o.width(), classes));
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
        Normalization n = o.normalization();
        new RunConfig(o.model(), classes, o.height(), o.width(), o.resize().cliName(), n.name(), n.scale(), n.offset(),
                o.seed(), epochsDone, bestEpoch, version, t).write(o.out());
    }

    private void writeMetrics(List<EpochMetrics> rows) throws IOException {
        List<String> cols = task.columns();
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

    private String epochLine(EpochMetrics m, boolean best) {
        String val = Double.isNaN(m.valLoss()) ? "" : String.format(Locale.ROOT, "  val loss %.4f acc %.4f %s %.4f",
                m.valLoss(), m.valAcc(), scoreLabel(), m.valScore());
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f acc %.4f%s  lr %.3g  %.1fs %.1f img/s%s",
                m.epoch(), o.epochs(), m.trainLoss(), m.trainAcc(), val, m.lr(), m.seconds(), m.imgPerSec(), best ? "  *best" : "");
    }
}
