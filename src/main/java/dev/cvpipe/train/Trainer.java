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
 * Trains a classifier on a split folder into a run folder:
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
    private final NetFactory factory;
    private final BadInputs bad;
    private final String version;

    /** What a finished run reports. */
    public record Result(Path runDir, int epochsDone, int bestEpoch, double bestValue, List<EpochMetrics> history, boolean stoppedEarly) {}

    public Trainer(TrainOptions options, NetFactory factory, BadInputs bad, String version) {
        this.o = options;
        this.factory = factory;
        this.bad = bad;
        this.version = version;
    }

    public Result run() throws IOException {
        SplitDataset data = SplitDataset.read(o.data());
        int classes = data.numClasses();
        Files.createDirectories(o.out());
        AtomicFile.removeStaleTemps(o.out());
        Checkpoints ckpt = new Checkpoints(o.out());
        Checkpoints.State state = null;
        if (ckpt.exists()) {
            if (!o.resume()) {
                throw new IllegalArgumentException(o.out() + " already holds a training run: pass --resume to continue it, or choose another -o");
            }
            checkCompatible(RunConfig.read(o.out()), classes);
            state = ckpt.lastState().orElse(null);
        } else if (o.resume()) {
            Log.info("train: nothing to resume in %s, starting a new run", o.out());
        }
        AtomicFile.writeString(o.out().resolve(RunConfig.LABELS), String.join("\n", data.labels()) + "\n");

        float[] weights = o.classWeightsAuto() ? balancedWeights(data.train(), classes) : ones(classes);
        ImageSource trainSrc = source(data.train());
        ImageSource valSrc = source(data.val());
        int[] trainLabels = labels(data.train());
        int[] valLabels = labels(data.val());
        int stepsPerEpoch = (data.train().size() + o.batch() - 1) / o.batch();

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
                o.model(), o.data(), data.train().size(), data.val().size(), classes, o.height(), o.width(), o.batch(),
                o.optimizer().kind().cli(), o.schedule().describe());
        if (startEpoch >= o.epochs() || (o.earlyStop() > 0 && sinceBest >= o.earlyStop() && startEpoch > 0)) {
            Log.info("train: %s is already complete (%d epochs)", o.out(), startEpoch);
            return new Result(o.out(), startEpoch, bestEpoch, bestValue, history, false);
        }

        boolean stoppedEarly = false;
        try (TrainGraph g = new TrainGraph(factory, o.model(), classes, o.height(), o.width(), o.seed(),
                o.normalization(), o.optimizer(), o.labelSmoothing(), weights, o.threads())) {
            if (state != null) {
                g.restore(ckpt.prefix("last").orElseThrow());
                Log.info("train: resumed from %s after epoch %d", o.out(), startEpoch);
            } else {
                g.initialize();
            }
            for (int epoch = startEpoch; epoch < o.epochs(); epoch++) {
                long t0 = System.nanoTime();
                double lossSum = 0;
                int seen = 0, correct = 0;
                double lr = o.schedule().lr(epoch, globalStep, stepsPerEpoch);
                int[] order = ImageSource.shuffled(trainSrc.size(), o.seed(), epoch);
                try (BatchLoader loader = new BatchLoader(order, trainLabels, o.batch(), trainSrc.imageBytes(), o.workers(), o.prefetch(),
                        trainSrc.augmented(o.augment(), o.seed(), epoch));
                     Progress bar = Progress.isTerminal() ? new Progress(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, o.epochs()), stepsPerEpoch) : null) {
                    while (loader.hasNext()) {
                        BatchLoader.Batch b = loader.next();
                        lr = o.schedule().lr(epoch, globalStep, stepsPerEpoch);
                        globalStep++;
                        if (bar != null) bar.step();
                        if (b.n() == 0) continue;
                        TrainGraph.StepResult r = g.step(b.pixels(), b.labels(), b.n(), lr);
                        if (!Float.isFinite(r.loss())) {
                            throw new IllegalStateException("loss became " + r.loss() + " at epoch " + (epoch + 1) + " (try a lower --lr)");
                        }
                        lossSum += (double) r.loss() * b.n();
                        correct += countCorrect(r.logits(), b.labels(), b.n(), classes);
                        seen += b.n();
                    }
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                double[] val = evaluate(g, valSrc, valLabels, classes);
                double seconds = (System.nanoTime() - t0) / 1e9;
                EpochMetrics m = new EpochMetrics(epoch + 1, seen == 0 ? Double.NaN : lossSum / seen,
                        seen == 0 ? Double.NaN : (double) correct / seen, val[0], val[1], val[2], lr,
                        seconds, seen / Math.max(trainSeconds, 1e-9));
                history.add(m);
                double value = valSrc.size() == 0 ? -m.trainLoss() : m.monitored(o.monitor());
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
                ckpt.save(g, new Checkpoints.State(epoch + 1, globalStep, bestEpoch, bestValue, sinceBest, history), best);
                writeMetrics(history);
                TrainingCurves.save(history, o.out().resolve("curves.svg"));
                writeConfig(classes, epoch + 1, bestEpoch);
                Log.info("%s", epochLine(m, best));
                if (o.earlyStop() > 0 && sinceBest >= o.earlyStop()) {
                    Log.info("train: no improvement of %s for %d epochs, stopping early", o.monitor(), sinceBest);
                    stoppedEarly = true;
                    break;
                }
            }
        }
        EpochMetrics last = history.get(history.size() - 1);
        return new Result(o.out(), last.epoch(), bestEpoch, bestValue, history, stoppedEarly);
    }

    private static double lossAt(List<EpochMetrics> history, int epoch) {
        for (EpochMetrics m : history) if (m.epoch() == epoch) return m.valLoss();
        return Double.POSITIVE_INFINITY;
    }

    private ImageSource source(List<SplitDataset.Sample> samples) {
        List<Path> paths = new ArrayList<>();
        for (SplitDataset.Sample s : samples) paths.add(s.path());
        return new ImageSource(paths, o.height(), o.width(), o.resize(), bad);
    }

    private static int[] labels(List<SplitDataset.Sample> samples) {
        int[] l = new int[samples.size()];
        for (int i = 0; i < l.length; i++) l[i] = samples.get(i).label();
        return l;
    }

    /** [loss, accuracy, macro-F1] on the validation list (unweighted, unsmoothed); NaN without one. */
    private double[] evaluate(TrainGraph g, ImageSource src, int[] labels, int classes) {
        if (src.size() == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        List<Integer> truth = new ArrayList<>(), pred = new ArrayList<>();
        double lossSum = 0;
        try (BatchLoader loader = new BatchLoader(ImageSource.identity(src.size()), labels, o.batch(), src.imageBytes(),
                o.workers(), o.prefetch(), src::load)) {
            while (loader.hasNext()) {
                BatchLoader.Batch b = loader.next();
                if (b.n() == 0) continue;
                float[] logits = g.evalLogits(b.pixels(), b.n());
                for (int i = 0; i < b.n(); i++) {
                    lossSum += crossEntropy(logits, i * classes, classes, b.labels()[i]);
                    truth.add(b.labels()[i]);
                    pred.add(argmax(logits, i * classes, classes));
                }
            }
        }
        if (truth.isEmpty()) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        int correct = 0;
        for (int i = 0; i < truth.size(); i++) if (truth.get(i).equals(pred.get(i))) correct++;
        return new double[] {lossSum / truth.size(), (double) correct / truth.size(), macroF1(truth, pred, classes)};
    }

    static double crossEntropy(float[] logits, int off, int classes, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) max = Math.max(max, logits[off + c]);
        double sum = 0;
        for (int c = 0; c < classes; c++) sum += Math.exp(logits[off + c] - max);
        return Math.log(sum) + max - logits[off + label];
    }

    public static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) if (v[off + c] > v[off + best]) best = c;
        return best;
    }

    private static int countCorrect(float[] logits, int[] labels, int n, int classes) {
        int ok = 0;
        for (int i = 0; i < n; i++) if (argmax(logits, i * classes, classes) == labels[i]) ok++;
        return ok;
    }

    /**
     * Macro-F1 as scikit-learn's {@code f1_score(average='macro')}: the mean over classes that
     * occur in the truth or the predictions, F1 = 0 where precision or recall is undefined.
     * (Kept private to training until dev.cvpipe.metrics lands; the lead will unify.)
     */
    static double macroF1(List<Integer> truth, List<Integer> pred, int classes) {
        int[] tp = new int[classes], fp = new int[classes], fn = new int[classes];
        for (int i = 0; i < truth.size(); i++) {
            int t = truth.get(i), p = pred.get(i);
            if (t == p) tp[t]++;
            else {
                fp[p]++;
                fn[t]++;
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (tp[c] + fp[c] + fn[c] == 0) continue;
            present++;
            sum += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /**
     * scikit-learn's "balanced": n / (classes present x count), so a balanced set gets all ones;
     * 0 for a class with no training images.
     */
    static float[] balancedWeights(List<SplitDataset.Sample> train, int classes) {
        int[] count = new int[classes];
        for (SplitDataset.Sample s : train) count[s.label()]++;
        int present = 0;
        for (int c : count) if (c > 0) present++;
        float[] w = new float[classes];
        for (int c = 0; c < classes; c++) w[c] = count[c] == 0 ? 0f : (float) train.size() / (present * count[c]);
        return w;
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        return w;
    }

    private void checkCompatible(RunConfig c, int classes) {
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
        t.put("label_smoothing", o.labelSmoothing());
        t.put("class_weights", o.classWeightsAuto() ? "auto" : "none");
        t.put("augment", o.augment().names());
        t.put("early_stop", o.earlyStop());
        t.put("monitor", o.monitor());
        Normalization n = o.normalization();
        new RunConfig(o.model(), classes, o.height(), o.width(), o.resize().cliName(), n.name(), n.scale(), n.offset(),
                o.seed(), epochsDone, bestEpoch, version, t).write(o.out());
    }

    private void writeMetrics(List<EpochMetrics> rows) throws IOException {
        AtomicFile.write(o.out().resolve("metrics.csv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter p = Csv.printer(w, EpochMetrics.COLUMNS.toArray(String[]::new));
            for (EpochMetrics m : rows) {
                p.printRecord(m.epoch(), num(m.trainLoss()), num(m.trainAcc()), num(m.valLoss()), num(m.valAcc()),
                        num(m.valMacroF1()), num(m.lr()), String.format(Locale.ROOT, "%.3f", m.seconds()),
                        String.format(Locale.ROOT, "%.2f", m.imgPerSec()));
            }
            p.flush();
        });
    }

    /** Full precision (round-trip) so comparing two runs' files compares the numbers exactly. */
    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private String epochLine(EpochMetrics m, boolean best) {
        String val = Double.isNaN(m.valLoss()) ? "" : String.format(Locale.ROOT, "  val loss %.4f acc %.4f f1 %.4f",
                m.valLoss(), m.valAcc(), m.valMacroF1());
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f acc %.4f%s  lr %.3g  %.1fs %.1f img/s%s",
                m.epoch(), o.epochs(), m.trainLoss(), m.trainAcc(), val, m.lr(), m.seconds(), m.imgPerSec(), best ? "  *best" : "");
    }
}
