package dev.cvpipe.train;

import dev.cvpipe.image.RgbImage;
import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.Precision;
import dev.cvpipe.model.darknet.DarknetCfg;
import dev.cvpipe.model.detect.Detector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Numbers for bench/precision.sh (not a CLI command), fp32 against bf16 in one JVM:
 * <ul>
 *   <li>{@code peak_*_gflops}: the faster of a 3x3 convolution 256->256 channels on 56x56, batch 32
 *       (118 GFLOP) and a 4096^3 matmul (137 GFLOP), the machine's measured peak in that precision;</li>
 *   <li>ResNet-50 inference img/s (batch 32) and how many images keep their fp32 top-1 in bf16
 *       (random weights with BN statistics spread out, so logits are not ties);</li>
 *   <li>ResNet-50 training img/s (batch 16, AdamW);</li>
 *   <li>yolov3 416 detect img/s at batch 1 (random weights, heads silenced as in detect --random-weights).</li>
 * </ul>
 * FLOP counts are darknet's (2 per multiply-add), so {@code img/s x GFLOP per image / peak} is the
 * fraction of the machine's peak a model reaches.
 *
 * <p>Usage: {@code PrecisionBenchmark THREADS INFER_STEPS TRAIN_STEPS YOLO_CFG DETECT_IMAGES}.
 */
public final class PrecisionBenchmark {
    private PrecisionBenchmark() {}

    public static void main(String[] a) throws Exception {
        int threads = Integer.parseInt(a[0]);
        int inferSteps = Integer.parseInt(a[1]);
        int trainSteps = Integer.parseInt(a[2]);
        Path yolo = Path.of(a[3]);
        int detectImages = Integer.parseInt(a[4]);
        for (Precision p : List.of(Precision.FP32, Precision.BF16)) {
            double conv = peakConvGflops(p, threads), matmul = peakMatMulGflops(p, threads);
            out(p, "conv_gflops", conv);
            out(p, "matmul_gflops", matmul);
            out(p, "peak_gflops", Math.max(conv, matmul));
        }
        // Every graph is built first, then their runs interleave, so a change of load on a shared
        // machine hits fp32 and bf16 alike.
        List<float[]> weights = resnet50Weights();
        int batch = 32;
        List<Inference> runs = new ArrayList<>();
        float[][] logits = new float[2][];
        try {
            for (boolean frozen : new boolean[] {false, true}) {
                for (Precision p : List.of(Precision.FP32, Precision.BF16)) runs.add(new Inference(p, threads, batch, weights, frozen));
            }
            for (int i = 0; i < inferSteps; i++) for (Inference r : runs) r.time();
            for (Inference r : runs) {
                out(r.precision, "resnet50_infer" + (r.frozen ? "_const" : "_var") + "_img_per_s", batch * inferSteps / r.seconds);
                if (r.frozen) logits[r.precision.ordinal()] = r.logits;
            }
        } finally {
            runs.forEach(Inference::close);
        }
        int same = 0, n = logits[0].length / 1000;
        for (int i = 0; i < n; i++) if (argmax(logits[0], i * 1000) == argmax(logits[1], i * 1000)) same++;
        System.out.printf(Locale.ROOT, "resnet50_bf16_same_top1 %d/%d%n", same, n);
        if (trainSteps > 0) for (Precision p : List.of(Precision.FP32, Precision.BF16)) out(p, "resnet50_train_img_per_s", resnet50Training(p, threads, trainSteps));
        if (detectImages > 0) for (Precision p : List.of(Precision.FP32, Precision.BF16)) out(p, "yolov3_detect_img_per_s", detect(p, threads, yolo, detectImages));
    }

    private static void out(Precision p, String key, double v) {
        System.out.printf(Locale.ROOT, "%s_%s %.2f%n", key, p.label(), v);
    }

    static double peakConvGflops(Precision p, int threads) {
        int n = 32, hw = 56, c = 256;
        double flops = 2.0 * 3 * 3 * c * c * hw * hw * n;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, hw, hw, c)));
            Placeholder<TFloat32> k = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3, c, c)));
            // Sum so only a scalar crosses back to Java.
            Operand<TFloat32> y = tf.sum(tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME"), tf.constant(new int[] {0, 1, 2, 3}));
            try (Session s = new Session(g, p.sessionConfig(threads));
                 TFloat32 xt = TFloat32.tensorOf(Shape.of(n, hw, hw, c), DataBuffers.of(random(n * hw * hw * c, 1), true, false));
                 TFloat32 kt = TFloat32.tensorOf(Shape.of(3, 3, c, c), DataBuffers.of(random(9 * c * c, 2), true, false))) {
                for (int i = 0; i < 2; i++) s.runner().feed(x, xt).feed(k, kt).fetch(y).run().close();
                int reps = 4;
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) s.runner().feed(x, xt).feed(k, kt).fetch(y).run().close();
                return reps * flops / ((System.nanoTime() - t0) / 1e9) / 1e9;
            }
        }
    }

    /** A 4096 x 4096 x 4096 matmul (137 GFLOP): the other candidate for the machine's peak. */
    static double peakMatMulGflops(Precision p, int threads) {
        int n = 4096;
        double flops = 2.0 * n * n * n;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
            Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
            Operand<TFloat32> y = tf.sum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
            try (Session s = new Session(g, p.sessionConfig(threads));
                 TFloat32 at = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(random(n * n, 3), true, false));
                 TFloat32 bt = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(random(n * n, 4), true, false))) {
                for (int i = 0; i < 2; i++) s.runner().feed(a, at).feed(b, bt).fetch(y).run().close();
                int reps = 4;
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) s.runner().feed(a, at).feed(b, bt).fetch(y).run().close();
                return reps * flops / ((System.nanoTime() - t0) / 1e9) / 1e9;
            }
        }
    }

    /** ResNet-50's weights, He-initialised with BN statistics spread out (see {@link #spreadBatchNorm}), in variable order. */
    static List<float[]> resnet50Weights() {
        try (Graph g = new Graph()) {
            Network net = Models.create(Ops.create(g), "resnet50", new ModelConfig(1000, 224, 224, 3, false, 1));
            try (Session s = new Session(g)) {
                s.initialize();
                spreadBatchNorm(net, s);
                return Network.valuesAll(s, net.variables());
            }
        }
    }

    /**
     * One ResNet-50 inference graph and session with these weights, read from variables or frozen
     * into constants; {@link #time} runs a batch of fixed images and keeps its logits.
     */
    static final class Inference implements AutoCloseable {
        final Precision precision;
        final boolean frozen;
        private final Graph g = new Graph();
        private final Session s;
        private final Placeholder<TFloat32> x;
        private final Operand<TFloat32> y;
        private final TFloat32 xt;
        double seconds;
        float[] logits;

        Inference(Precision p, int threads, int batch, List<float[]> weights, boolean frozen) {
            this.precision = p;
            this.frozen = frozen;
            Ops tf = Ops.create(g);
            Network net = Models.create(tf, "resnet50", new ModelConfig(1000, 224, 224, 3, false, 1));
            net.foldBatchNormAtInference(true);
            if (frozen) net.freezeWeights(weights);
            x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 224, 224, 3)));
            y = net.forward(x, false);
            s = new Session(g, p.sessionConfig(threads));
            xt = TFloat32.tensorOf(Shape.of(batch, 224, 224, 3), DataBuffers.of(random(batch * 224 * 224 * 3, 7), true, false));
            if (!frozen) {
                s.initialize();
                Map<Variable<TFloat32>, float[]> m = new HashMap<>();
                for (int i = 0; i < weights.size(); i++) m.put(net.variables().get(i), weights.get(i));
                net.assignAll(s, m);
            }
            for (int i = 0; i < 2; i++) logits = run(s, x, xt, y);
            if (System.getenv("CVPIPE_BENCH_OPS") != null) printOps(name(), s, x, xt, y);
        }

        String name() {
            return precision.label() + (frozen ? " const" : " var");
        }

        void time() {
            long t0 = System.nanoTime();
            logits = run(s, x, xt, y);
            seconds += (System.nanoTime() - t0) / 1e9;
        }

        @Override
        public void close() {
            xt.close();
            s.close();
            g.close();
        }
    }

    static double resnet50Training(Precision p, int threads, int steps) {
        Optimizer opt = new Optimizer(Optimizer.Kind.ADAMW, 1e-3, 0.9, false, 0.9, 0.999, 1e-8);
        float[] w = new float[12];
        Arrays.fill(w, 1f);
        int batch = 16;
        try (TrainGraph g = new TrainGraph(ModelLibrary.factory(), "resnet50", 12, 224, 224, 0, Normalization.parse("imagenet"),
                opt, new ClassifierLoss(12, 0, w), false, 0, false, FineTune.NONE, threads, p)) {
            g.initialize();
            byte[] px = new byte[batch * 224 * 224 * 3];
            new Random(1).nextBytes(px);
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = i % 12;
            for (int i = 0; i < 2; i++) g.step(px, labels, batch, 1e-4);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) g.step(px, labels, batch, 1e-4);
            return batch * steps / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double detect(Precision p, int threads, Path cfg, int images) throws Exception {
        try (Detector d = new Detector(DarknetCfg.read(cfg, 416, 416), null, threads, p)) {
            byte[] px = new byte[640 * 480 * 3];
            new Random(3).nextBytes(px);
            List<RgbImage> one = new ArrayList<>(List.of(new RgbImage(640, 480, px)));
            for (int i = 0; i < 2; i++) d.detect(one, 0.25f, 0.45f);
            long t0 = System.nanoTime();
            for (int i = 0; i < images; i++) d.detect(one, 0.25f, 0.45f);
            return images / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** BN statistics and scales spread out (as trained networks have), so bf16 rounding is tested on real contrasts. */
    private static void spreadBatchNorm(Network net, Session s) {
        Random r = new Random(5);
        for (int layer = 0; layer < net.spec().nodes().size(); layer++) {
            List<Variable<TFloat32>> v = net.layerVariables(layer);
            if (v.size() != 5) continue;
            int n = (int) v.get(1).shape().size();
            net.assign(s, v.get(1), uniform(n, r, 0.3f, 1.0f));
            net.assign(s, v.get(2), uniform(n, r, -0.2f, 0.2f));
            net.assign(s, v.get(3), uniform(n, r, -0.3f, 0.3f));
            net.assign(s, v.get(4), uniform(n, r, 0.5f, 3f));
        }
    }

    /** To stderr: how many ops of each type the partition graph (after grappler and oneDNN's rewrites) runs. */
    private static void printOps(String what, Session s, Placeholder<TFloat32> x, TFloat32 xt, Operand<TFloat32> y) {
        try (Result r = s.runner().feed(x, xt).fetch(y).setOptions(RunOptions.newBuilder().setOutputPartitionGraphs(true).build()).runAndFetchMetadata()) {
            Map<String, Integer> count = new java.util.TreeMap<>();
            for (GraphDef gd : r.getMetadata().orElseThrow().getPartitionGraphsList()) {
                for (NodeDef n : gd.getNodeList()) {
                    String dt = n.containsAttr("T") ? n.getAttrOrThrow("T").getType().name() : "";
                    count.merge(n.getOp() + " " + dt, 1, Integer::sum);
                }
            }
            System.err.println("ops " + what + ": " + count);
        }
    }

    private static float[] run(Session s, Placeholder<TFloat32> x, TFloat32 xt, Operand<TFloat32> y) {
        try (Result r = s.runner().feed(x, xt).fetch(y).run()) {
            return Tensors.floats((TFloat32) r.get(0));
        }
    }

    private static float[] random(int n, long seed) {
        return uniform(n, new Random(seed), -1f, 1f);
    }

    private static float[] uniform(int n, Random r, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextFloat();
        return a;
    }

    private static int argmax(float[] a, int from) {
        int best = from;
        for (int i = from + 1; i < from + 1000; i++) if (a[i] > a[best]) best = i;
        return best - from;
    }
}
