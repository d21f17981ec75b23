package dev.cvpipe.predict;

import dev.cvpipe.dataset.ImageInputs;
import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Csv;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Progress;
import dev.cvpipe.report.Table;
import dev.cvpipe.train.Augment;
import dev.cvpipe.train.BatchLoader;
import dev.cvpipe.train.ImageSource;
import dev.cvpipe.train.NetFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVPrinter;

/**
 * Predicts a list of images with one or more runs (probabilities averaged over models and TTA
 * views) and writes result.csv ({@code NAME,CLASS}, no header, LF, input order) and optionally
 * probs.csv, both atomically. Each image is decoded once; batches are built on worker threads
 * and results streamed to the files, so memory is bounded by the batch size.
 *
 * <p>CLASS is the dataset's own id, always through labels.txt: when every class name is an
 * integer (cat-12's folders 00..11), the name's value; otherwise the class's line number in
 * labels.txt (PaddleX's id). {@code classNames} writes the names themselves.
 */
public final class BatchPrediction {
    /** Counts for the command's summary. */
    public record Summary(int images, int written, int bad, int filled) {
        /** What {@code predict} prints (as text, {@code --csv} or {@code --json}). */
        public Table table(Path out) {
            Table t = new Table("output", "images", "lines", "bad", "filled");
            t.add(out.toString(), images, written, bad, filled);
            return t;
        }

        /** These counts with {@code n} more bad inputs (list lines refused before any image was read). */
        public Summary withMoreBad(int n) {
            return new Summary(images, written, bad + n, filled);
        }
    }

    /**
     * Where the images are predicted: in this JVM ({@link #local}) or on a cluster's executors.
     * Hands {@code rows} one outcome per input, in input order.
     */
    @FunctionalInterface
    public interface Runner {
        void predict(List<ImageInputs.Input> inputs, Consumer<ClassPrediction> rows) throws IOException;
    }

    private BatchPrediction() {}

    public static Summary run(List<ImageInputs.Input> inputs, PredictOptions o, NetFactory factory, BadInputs bad) throws IOException {
        return run(inputs, o, local(o, factory), bad);
    }

    /**
     * Checks the runs' classes and the options against them, has {@code runner} predict every
     * input, and writes result.csv (and probs.csv): the one writer of predict's files, reporting
     * each undecodable image to {@code bad} in input order.
     */
    public static Summary run(List<ImageInputs.Input> inputs, PredictOptions o, Runner runner, BadInputs bad) throws IOException {
        List<String> labels = Ensemble.sharedLabels(o.runs());
        List<String> ids = classIds(labels, o.classNames());
        if (o.fillClass() != null && !ids.contains(o.fillClass())) {
            throw new IllegalArgumentException("--fill-class " + o.fillClass() + " is not one of the classes " + ids);
        }
        return write(inputs, o, runner, ids, labels, bad);
    }

    /** Loads the runs in this JVM for the call and predicts with {@code o.workers()} decoding threads. */
    public static Runner local(PredictOptions o, NetFactory factory) {
        return (inputs, rows) -> {
            try (Ensemble models = Ensemble.load(o.runs(), o.checkpoint(), factory, o.threads(), o.precision())) {
                predict(models, inputs.stream().map(ImageInputs.Input::path).toList(), o.batch(), o.workers(), o.tta(), rows);
            }
        };
    }

    /**
     * Predicts {@code files} in batches and hands one outcome per file to {@code rows}, in order.
     * Each image is decoded once, on one of {@code workers} threads, a few batches ahead; memory is
     * bounded by the batch size. A Spark executor calls this with the JVM's cached ensemble.
     */
    public static void predict(Ensemble models, List<Path> files, int batch, int workers, String tta, Consumer<ClassPrediction> rows) {
        int total = models.pixelBytes();
        int classes = models.classes();
        String[] badReason = new String[files.size()];
        BatchLoader.ItemSource source = item -> {
            try {
                return models.pixels(ImageDecoder.readRgb(files.get(item)));
            } catch (BadImageException e) {
                badReason[item] = e.getMessage();
                return null;
            }
        };
        try (BatchLoader loader = new BatchLoader(ImageSource.identity(files.size()), null, batch, total, workers, 4, source)) {
            int next = 0;
            while (loader.hasNext()) {
                BatchLoader.Batch b = loader.next();
                float[] p = b.n() == 0 ? new float[0] : models.probabilities(b.pixels(), b.n(), tta);
                int k = 0;
                int end = Math.min(files.size(), next + batch);
                for (int item = next; item < end; item++) {
                    if (k < b.n() && b.items()[k] == item) {
                        rows.accept(ClassPrediction.of(Arrays.copyOfRange(p, k * classes, (k + 1) * classes)));
                        k++;
                    } else {
                        // the loader's future completed before next() returned: the reason is visible here
                        rows.accept(ClassPrediction.failed(badReason[item]));
                    }
                }
                next = end;
            }
        }
    }

    /** What result.csv writes for each class index. */
    public static List<String> classIds(List<String> labels, boolean names) {
        if (names) return labels;
        List<String> out = new ArrayList<>();
        boolean numeric = labels.stream().allMatch(s -> s.matches("\\d{1,9}"));
        for (int i = 0; i < labels.size(); i++) out.add(numeric ? Integer.toString(Integer.parseInt(labels.get(i))) : Integer.toString(i));
        return out;
    }

    private static Summary write(List<ImageInputs.Input> inputs, PredictOptions o, Runner runner,
                                 List<String> ids, List<String> labels, BadInputs bad) throws IOException {
        int classes = labels.size();
        int[] counts = new int[4]; // written, bad, filled, rows seen
        try (AtomicFile.Temp probsTmp = o.probs() == null ? null : AtomicFile.temp(o.probs())) {
            AtomicFile.write(o.out(), out -> {
                try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                     OutputStream pOut = probsTmp == null ? null : probsTmp.newOutputStream();
                     Writer pw = pOut == null ? null : new OutputStreamWriter(pOut, StandardCharsets.UTF_8);
                     Progress bar = Progress.fromFirstStep("predict", inputs.size())) {
                    CSVPrinter result = Csv.printer(w);
                    CSVPrinter probs = null;
                    if (pw != null) {
                        List<String> header = new ArrayList<>();
                        header.add("image");
                        header.addAll(labels);
                        probs = Csv.printer(pw, header.toArray(String[]::new));
                    }
                    CSVPrinter probsOut = probs;
                    try {
                        runner.predict(inputs, row -> {
                            ImageInputs.Input in = inputs.get(counts[3]++);
                            try {
                                if (row.ok()) {
                                    writeRow(result, probsOut, in.name(), row.probs(), 0, classes, ids, o.topk());
                                    counts[0]++;
                                } else {
                                    counts[1]++;
                                    bad.report(in.path(), row.bad());
                                    if (o.fillClass() != null) {
                                        List<Object> line = new ArrayList<>();
                                        line.add(in.name());
                                        for (int t = 0; t < o.topk(); t++) line.add(o.fillClass());
                                        result.printRecord(line);
                                        counts[2]++;
                                    }
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            bar.step();
                        });
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                    if (counts[3] != inputs.size()) {
                        throw new IllegalStateException("predicted " + counts[3] + " of " + inputs.size() + " images");
                    }
                    result.flush();
                    if (probs != null) probs.flush();
                }
            });
            if (probsTmp != null) probsTmp.commit();
        }
        if (counts[1] > 0 && o.fillClass() == null) {
            Log.warn("predict: %s has %d line(s) for %d image(s): %d could not be decoded (use --fill-class C to write a line for them)",
                    o.out(), counts[0], inputs.size(), counts[1]);
        }
        return new Summary(inputs.size(), counts[0] + counts[2], counts[1], counts[2]);
    }

    private static void writeRow(CSVPrinter result, CSVPrinter probs, String name, float[] p, int off, int classes,
                                 List<String> ids, int topk) throws IOException {
        List<Object> row = new ArrayList<>();
        row.add(name);
        boolean[] used = new boolean[classes];
        for (int t = 0; t < Math.min(topk, classes); t++) {
            int best = -1;
            for (int c = 0; c < classes; c++) if (!used[c] && (best < 0 || p[off + c] > p[off + best])) best = c;
            used[best] = true;
            row.add(ids.get(best));
        }
        result.printRecord(row);
        if (probs != null) {
            List<Object> pr = new ArrayList<>();
            pr.add(name);
            for (int c = 0; c < classes; c++) pr.add(String.format(Locale.ROOT, "%.6f", p[off + c]));
            probs.printRecord(pr);
        }
    }

    /** The TTA views of a batch: as is; + horizontal flip; + vertical flip and both. */
    static List<byte[]> views(byte[] batch, int n, int h, int w, String tta) {
        List<byte[]> out = new ArrayList<>();
        out.add(batch);
        if (tta.equals("none")) return out;
        out.add(perImage(batch, n, h, w, 0));
        if (tta.equals("flip4")) {
            out.add(perImage(batch, n, h, w, 1));
            out.add(perImage(batch, n, h, w, 2));
        }
        return out;
    }

    private static byte[] perImage(byte[] batch, int n, int h, int w, int kind) {
        int bytes = h * w * 3;
        byte[] out = new byte[batch.length];
        for (int i = 0; i < n; i++) {
            byte[] img = java.util.Arrays.copyOfRange(batch, i * bytes, (i + 1) * bytes);
            byte[] v = switch (kind) {
                case 0 -> Augment.flipHorizontal(img, h, w);
                case 1 -> Augment.flipVertical(img, h, w);
                default -> Augment.flipVertical(Augment.flipHorizontal(img, h, w), h, w);
            };
            System.arraycopy(v, 0, out, i * bytes, bytes);
        }
        return out;
    }
}
