package dev.cvpipe.train;

import dev.cvpipe.report.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Throughput numbers for bench/train.sh (not a CLI command): training img/s (fixed random
 * batch, so only the graph is timed), inference img/s on the evaluation branch, and the input
 * pipeline's img/s (decode + resize + seed-003 augmentations + batching on worker threads).
 *
 * <p>Usage: {@code TrainBenchmark MODEL SIZE TRAIN_BATCH TRAIN_STEPS INFER_BATCH INFER_STEPS IMAGE_DIR THREADS}.
 * Prints {@code key value} lines on stdout.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

    public static void main(String[] a) throws Exception {
        String model = a[0];
        int size = Integer.parseInt(a[1]);
        int trainBatch = Integer.parseInt(a[2]), trainSteps = Integer.parseInt(a[3]);
        int inferBatch = Integer.parseInt(a[4]), inferSteps = Integer.parseInt(a[5]);
        Path images = Path.of(a[6]);
        int threads = Integer.parseInt(a[7]);

        System.out.printf(Locale.ROOT, "pipeline_img_per_s %.2f%n", pipeline(images, size, trainBatch));

        Optimizer opt = new Optimizer(Optimizer.Kind.ADAMW, 1e-3, 0.9, false, 0.9, 0.999, 1e-8);
        float[] w = new float[12];
        java.util.Arrays.fill(w, 1f);
        try (TrainGraph g = new TrainGraph(ModelLibrary.factory(), model, 12, size, size, 0, Normalization.parse("imagenet"),
                opt, 0, w, threads)) {
            g.initialize();
            Random r = new Random(1);
            byte[] px = new byte[Math.max(trainBatch, inferBatch) * size * size * 3];
            r.nextBytes(px);
            int[] labels = new int[trainBatch];
            for (int i = 0; i < trainBatch; i++) labels[i] = i % 12;
            for (int i = 0; i < 2; i++) g.step(px, labels, trainBatch, 1e-4); // first steps pay graph optimisation
            long t0 = System.nanoTime();
            for (int i = 0; i < trainSteps; i++) g.step(px, labels, trainBatch, 1e-4);
            double train = trainBatch * trainSteps / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "train_img_per_s %.2f%n", train);
            g.evalLogits(px, inferBatch);
            t0 = System.nanoTime();
            for (int i = 0; i < inferSteps; i++) g.evalLogits(px, inferBatch);
            double infer = inferBatch * inferSteps / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "infer_img_per_s %.2f%n", infer);
        }
    }

    /** Decodes every image in {@code dir} (4 passes) through the training input pipeline. */
    static double pipeline(Path dir, int size, int batch) throws Exception {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.sorted().forEach(paths::add);
        }
        ImageSource src = new ImageSource(paths, size, size, ResizeMode.SQUASH, new BadInputs(false));
        Augment aug = Augment.parse(Augment.DEFAULT);
        int n = 0;
        long t0 = System.nanoTime();
        for (int epoch = 0; epoch < 4; epoch++) {
            try (BatchLoader l = new BatchLoader(ImageSource.shuffled(paths.size(), 0, epoch), null, batch, src.imageBytes(), 2, 4,
                    src.augmented(aug, 0, epoch))) {
                while (l.hasNext()) n += l.next().n();
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
