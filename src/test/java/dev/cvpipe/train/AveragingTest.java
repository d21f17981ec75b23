package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.layers.Activation;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.Dense;
import dev.cvpipe.model.layers.GlobalAvgPool;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** EMA and SWA's BN statistics pass, by hand on one-variable and one-BN-layer networks. */
class AveragingTest {
    static final byte[] IMAGE = new byte[8 * 8 * 3];
    static final Optimizer SGD = new Optimizer(Optimizer.Kind.SGD, 0, 0, false, 0.9, 0.999, 1e-8);

    @TempDir
    Path tmp;

    private static TrainGraph biasGraph(double ema) {
        return new TrainGraph(BiasNet.factory(1f, -1f), "bias", 2, 8, 8, 0, Normalization.parse("x3.2"), SGD,
                new ClassifierLoss(2, 0, new float[] {1, 1}), false, ema, false, 1);
    }

    /** Plain SGD on BiasNet with label 0: b -= lr * (softmax(b) - [1, 0]). */
    private static double[] sgd(double[] b, double lr) {
        double p1 = 1 / (1 + Math.exp(b[0] - b[1]));
        return new double[] {b[0] - lr * (1 - p1 - 1), b[1] - lr * p1};
    }

    private static float[] f(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }

    @Test
    void emaIsDecayTimesEmaPlusTheRestTimesTheWeightsAfterEachStep() {
        double[] b0 = {1, -1}, b1 = sgd(b0, 0.5), b2 = sgd(b1, 0.5);
        // ema0 = b0 (a copy); ema1 = 0.9 b0 + 0.1 b1; ema2 = 0.9 ema1 + 0.1 b2 = 0.81 b0 + 0.09 b1 + 0.1 b2
        double[] ema2 = new double[2];
        for (int i = 0; i < 2; i++) ema2[i] = 0.81 * b0[i] + 0.09 * b1[i] + 0.1 * b2[i];
        try (TrainGraph g = biasGraph(0.9)) {
            g.initialize();
            assertArrayEquals(f(b0), g.evalEma(IMAGE, new int[] {0}, 1).logits(), 1e-6f, "the EMA starts as the weights");
            g.step(IMAGE, new int[] {0}, 1, 0.5);
            g.step(IMAGE, new int[] {0}, 1, 0.5);
            assertArrayEquals(f(b2), g.evalLogits(IMAGE, 1), 1e-6f);
            assertArrayEquals(f(ema2), g.evalEma(IMAGE, new int[] {0}, 1).logits(), 1e-6f);
            // 0.81*1 + 0.09*1.0596... : far from both the weights and their start
            assertEquals(0.81 + 0.09 * b1[0] + 0.1 * b2[0], g.evalEma(IMAGE, new int[] {0}, 1).logits()[0], 1e-6);
        }
    }

    @Test
    void emaIsRestoredFromACheckpoint() {
        String prefix = tmp.resolve("model").toString();
        float[] uninterrupted;
        try (TrainGraph g = biasGraph(0.9)) {
            g.initialize();
            g.step(IMAGE, new int[] {0}, 1, 0.5);
            g.save(prefix);
            g.step(IMAGE, new int[] {0}, 1, 0.5);
            uninterrupted = g.evalEma(IMAGE, new int[] {0}, 1).logits();
        }
        try (TrainGraph g = biasGraph(0.9)) {
            g.restore(prefix);
            g.step(IMAGE, new int[] {0}, 1, 0.5);
            assertArrayEquals(uninterrupted, g.evalEma(IMAGE, new int[] {0}, 1).logits(), 0f);
        }
    }

    /** 2x2 RGB images -> 1x1 conv (kernel set to the identity) -> BN -> mean -> dense: BN sees the normalised pixels. */
    private static final class BnNet {
        Network net;

        NetFactory factory() {
            return (tf, model, classes, h, w, seed) -> {
                ModelSpec.Builder b = new ModelSpec.Builder("bn", 2, 2, 3);
                b.add(new Conv(3, 1, 1, 1, 0, 0, 1, true, Activation.LINEAR, 1e-5f));
                b.add(new GlobalAvgPool());
                int out = b.add(new Dense(classes, Activation.LINEAR));
                net = new Network(tf, b.build(ModelSpec.Kind.CLASSIFIER, out, -1, List.of()), seed);
                return ModelLibrary.of(net);
            };
        }
    }

    /** Per channel: {mean, unbiased variance} of x/255*3.2-1.6 over images [from, to). */
    private static double[][] stats(byte[] px, int from, int to) {
        double[][] s = new double[3][2];
        for (int c = 0; c < 3; c++) {
            int n = (to - from) * 4;
            double sum = 0, sq = 0;
            for (int i = from * 4; i < to * 4; i++) sum += x(px[i * 3 + c]);
            double mean = sum / n;
            for (int i = from * 4; i < to * 4; i++) sq += (x(px[i * 3 + c]) - mean) * (x(px[i * 3 + c]) - mean);
            s[c][0] = mean;
            s[c][1] = sq / (n - 1);
        }
        return s;
    }

    private static double x(byte b) {
        return (float) ((b & 0xff) / 255.0 * 3.2 - 1.6);
    }

    private static byte[] slice(byte[] px, int from, int to) {
        return java.util.Arrays.copyOfRange(px, from * 12, to * 12);
    }

    @Test
    void bnPassMakesMovingStatisticsTheAverageOfTheBatchStatistics() {
        byte[] px = new byte[4 * 2 * 2 * 3];
        new SplittableRandom(7).nextBytes(px);
        double[][] first = stats(px, 0, 2), second = stats(px, 2, 4), all = stats(px, 0, 4);
        BnNet bn = new BnNet();
        try (TrainGraph g = new TrainGraph(bn.factory(), "bn", 2, 2, 2, 0, Normalization.parse("x3.2"), SGD,
                new ClassifierLoss(2, 0, new float[] {1, 1}), true, 0, false, 1)) {
            g.initialize();
            List<Variable<TFloat32>> v = bn.net.layerVariables(0); // kernel, scale, offset, mean, variance
            bn.net.assign(g.session(), v.get(0), new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

            // An ordinary step (lr 0: weights unchanged) still moves the statistics by PyTorch's momentum 0.1.
            g.step(slice(px, 0, 2), new int[] {0, 1}, 2, 0);
            float[] mean = Network.values(g.session(), v.get(3)), var = Network.values(g.session(), v.get(4));
            for (int c = 0; c < 3; c++) {
                assertEquals(0.1 * first[c][0], mean[c], 1e-6, "mean after one step, channel " + c);
                assertEquals(0.9 + 0.1 * first[c][1], var[c], 1e-5, "variance after one step, channel " + c);
            }

            // The pass: whatever the statistics held, they end as the average of the two batches' statistics.
            g.bnStatisticsBatch(slice(px, 0, 2), 2, 1);
            g.bnStatisticsBatch(slice(px, 2, 4), 2, 2);
            mean = Network.values(g.session(), v.get(3));
            var = Network.values(g.session(), v.get(4));
            for (int c = 0; c < 3; c++) {
                assertEquals((first[c][0] + second[c][0]) / 2, mean[c], 1e-6, "mean, channel " + c);
                assertEquals((first[c][1] + second[c][1]) / 2, var[c], 1e-5, "variance, channel " + c);
            }

            // One batch holding the whole pass: the exact mean and unbiased variance of the activations.
            g.bnStatisticsBatch(px, 4, 1);
            mean = Network.values(g.session(), v.get(3));
            var = Network.values(g.session(), v.get(4));
            for (int c = 0; c < 3; c++) {
                assertEquals(all[c][0], mean[c], 1e-6, "mean over the pass, channel " + c);
                assertEquals(all[c][1], var[c], 1e-5, "unbiased variance over the pass, channel " + c);
            }
        }
    }
}
