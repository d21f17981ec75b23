package dev.cvpipe.predict;

import dev.cvpipe.dataset.ImageInputs;
import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Csv;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Progress;
import dev.cvpipe.train.Augment;
import dev.cvpipe.train.BatchLoader;
import dev.cvpipe.train.ImageSource;
import dev.cvpipe.train.NetFactory;
import dev.cvpipe.train.RunConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    public record Summary(int images, int written, int bad, int filled) {}

    private BatchPrediction() {}

    public static Summary run(List<ImageInputs.Input> inputs, PredictOptions o, NetFactory factory, BadInputs bad) throws IOException {
        List<Predictor> models = new ArrayList<>();
        try {
            for (Path run : o.runs()) models.add(new Predictor(run, o.checkpoint(), factory, o.threads(), o.precision()));
            List<String> labels = models.get(0).labels();
            for (Predictor p : models) {
                if (!p.labels().equals(labels)) {
                    throw new IOException(p.runDir() + ": labels.txt differs from " + models.get(0).runDir() + "'s; an ensemble needs the same classes");
                }
            }
            List<String> ids = classIds(labels, o.classNames());
            if (o.fillClass() != null && !ids.contains(o.fillClass())) {
                throw new IllegalArgumentException("--fill-class " + o.fillClass() + " is not one of the classes " + ids);
            }
            return predict(inputs, o, models, ids, labels, bad);
        } finally {
            for (Predictor p : models) p.close();
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

    private static Summary predict(List<ImageInputs.Input> inputs, PredictOptions o, List<Predictor> models,
                                   List<String> ids, List<String> labels, BadInputs bad) throws IOException {
        int classes = labels.size();
        int[] offsets = new int[models.size() + 1];
        for (int m = 0; m < models.size(); m++) {
            RunConfig c = models.get(m).config();
            offsets[m + 1] = offsets[m] + c.height() * c.width() * 3;
        }
        int total = offsets[models.size()];
        // One decode per image; each model's resize of it laid side by side.
        BatchLoader.ItemSource source = item -> {
            RgbImage img;
            try {
                img = ImageDecoder.readRgb(inputs.get(item).path());
            } catch (BadImageException e) {
                bad.report(inputs.get(item).path(), e.getMessage());
                return null;
            }
            byte[] all = new byte[total];
            for (int m = 0; m < models.size(); m++) {
                RunConfig c = models.get(m).config();
                byte[] px = c.resizeMode().apply(img, c.height(), c.width());
                System.arraycopy(px, 0, all, offsets[m], px.length);
            }
            return all;
        };
        int[] counts = new int[3]; // written, bad, filled
        try (AtomicFile.Temp probsTmp = o.probs() == null ? null : AtomicFile.temp(o.probs())) {
            AtomicFile.write(o.out(), out -> {
                try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                     OutputStream pOut = probsTmp == null ? null : probsTmp.newOutputStream();
                     Writer pw = pOut == null ? null : new OutputStreamWriter(pOut, StandardCharsets.UTF_8);
                     BatchLoader loader = new BatchLoader(ImageSource.identity(inputs.size()), null, o.batch(), total,
                             o.workers(), 4, source);
                     Progress bar = new Progress("predict", inputs.size())) {
                    CSVPrinter result = Csv.printer(w);
                    CSVPrinter probs = null;
                    if (pw != null) {
                        List<String> header = new ArrayList<>();
                        header.add("image");
                        header.addAll(labels);
                        probs = Csv.printer(pw, header.toArray(String[]::new));
                    }
                    int next = 0;
                    while (loader.hasNext()) {
                        BatchLoader.Batch b = loader.next();
                        float[] p = b.n() == 0 ? new float[0] : ensemble(models, offsets, b, o.tta(), classes);
                        int k = 0;
                        int end = Math.min(inputs.size(), next + o.batch());
                        for (int item = next; item < end; item++) {
                            String name = inputs.get(item).name();
                            if (k < b.n() && b.items()[k] == item) {
                                writeRow(result, probs, name, p, k * classes, classes, ids, o.topk());
                                counts[0]++;
                                k++;
                            } else {
                                counts[1]++;
                                if (o.fillClass() != null) {
                                    List<Object> row = new ArrayList<>();
                                    row.add(name);
                                    for (int t = 0; t < o.topk(); t++) row.add(o.fillClass());
                                    result.printRecord(row);
                                    counts[2]++;
                                }
                            }
                        }
                        bar.step(end - next);
                        next = end;
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

    /** Mean probability over models and TTA views, [n * classes]. */
    static float[] ensemble(List<Predictor> models, int[] offsets, BatchLoader.Batch b, String tta, int classes) {
        int n = b.n();
        float[] sum = new float[n * classes];
        int total = offsets[offsets.length - 1];
        int views = 0;
        for (int m = 0; m < models.size(); m++) {
            RunConfig c = models.get(m).config();
            int h = c.height(), w = c.width(), bytes = h * w * 3;
            byte[] batch = new byte[n * bytes];
            for (int i = 0; i < n; i++) System.arraycopy(b.pixels(), i * total + offsets[m], batch, i * bytes, bytes);
            for (byte[] view : views(batch, n, h, w, tta)) {
                float[] p = models.get(m).probabilities(view, n);
                for (int i = 0; i < sum.length; i++) sum[i] += p[i];
                views++;
            }
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= views;
        return sum;
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
