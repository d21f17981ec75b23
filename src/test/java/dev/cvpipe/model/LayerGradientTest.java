package dev.cvpipe.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.model.darknet.CfgReader;
import dev.cvpipe.model.darknet.DarknetCfg;
import dev.cvpipe.model.layers.Activation;
import dev.cvpipe.model.layers.Conv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Every layer type trains (a gradient exists and a step runs), and BN statistics follow PyTorch's rule. */
class LayerGradientTest {
    /** One cfg using every layer type and activation the graph supports. */
    static final String EVERY_LAYER = """
            [net]
            width=16
            height=16
            channels=3
            [convolutional]
            batch_normalize=1
            filters=8
            size=3
            stride=1
            pad=1
            activation=mish
            [convolutional]
            filters=8
            groups=8
            size=3
            pad=1
            activation=swish
            [convolutional]
            batch_normalize=1
            filters=8
            groups=2
            size=3
            pad=1
            activation=relu6
            [route]
            layers=-1,-3
            groups=2
            group_id=1
            [shortcut]
            from=-4
            activation=tanh
            [maxpool]
            size=2
            stride=2
            [local_avgpool]
            size=2
            stride=1
            [upsample]
            stride=2
            [reorg]
            stride=2
            [convolutional]
            filters=4
            size=1
            activation=ramp
            [convolutional]
            filters=8
            size=1
            activation=relu
            [shortcut]
            from=-10
            activation=leaky
            [avgpool]
            [scale_channels]
            from=-2
            [sam]
            from=-3
            [dropout]
            probability=0.5
            [convolutional]
            filters=4
            size=3
            stride=2
            pad=1
            activation=logistic
            [connected]
            output=3
            activation=linear
            """;

    @Test
    void everyLayerTypeHasAGradientAndTrains() {
        ModelSpec spec = DarknetCfg.build("every", CfgReader.parse("every.cfg", EVERY_LAYER), 0, 0);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = new Network(tf, spec, 3);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 16, 16, 3)));
            Operand<TFloat32> logits = tf.reshape(net.forward(x, true), tf.constant(new long[] {-1, 3}));
            Operand<TFloat32> eval = net.forward(x, false);
            Operand<TFloat32> labels = tf.constant(new float[][] {{1, 0, 0}, {0, 1, 0}});
            Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
            List<Variable<TFloat32>> vars = net.trainableVariables();
            Output<?>[] grads = g.addGradients(loss.asOutput(), vars.stream().map(Variable::asOutput).toArray(Output[]::new));
            List<Op> step = new ArrayList<>(net.updateOps());
            for (int i = 0; i < vars.size(); i++) {
                assertNotNull(grads[i], vars.get(i).op().name());
                @SuppressWarnings("unchecked")
                Operand<TFloat32> gr = (Operand<TFloat32>) grads[i];
                step.add(tf.train.applyGradientDescent(vars.get(i), tf.constant(0.01f), gr));
            }
            float[] pixels = new float[2 * 16 * 16 * 3];
            for (int i = 0; i < pixels.length; i++) pixels[i] = (i % 7) / 7f;
            try (Session s = new Session(g); TFloat32 xt = TFloat32.tensorOf(Shape.of(2, 16, 16, 3), DataBuffers.of(pixels, true, false))) {
                s.initialize();
                var r = s.runner().feed(x, xt).fetch(loss);
                step.forEach(r::addTarget);
                try (Result res = r.run()) {
                    assertTrue(Float.isFinite(((TFloat32) res.get(0)).getFloat()));
                }
                // inference-mode BN + mish once tripped TF's oneDNN fusion ("Fusion is not implemented")
                try (Result res = s.runner().feed(x, xt).fetch(eval).run()) {
                    assertTrue(Float.isFinite(((TFloat32) res.get(0)).getFloat(0, 0)));
                }
            }
        }
    }

    @Test
    void inferenceConvWithBatchNormOrBiasFollowedByEveryActivationRuns() {
        // TF's oneDNN remapper fuses some conv/BN/bias + activation chains at run time; each must run
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            List<Operand<TFloat32>> outs = new ArrayList<>();
            Operand<TFloat32> x = tf.constant(new float[][][][] {{{{1, 2}, {3, 4}}, {{-5, 6}, {7, -8}}}});
            for (Activation a : Activation.values()) {
                for (boolean bn : new boolean[] {true, false}) {
                    ModelSpec.Builder b = new ModelSpec.Builder((bn ? "bn_" : "bias_") + a.darknetName(), 2, 2, 2);
                    b.add(new Conv(2, 1, 1, 1, 0, 0, 1, bn, a, 1e-5f));
                    outs.add(new Network(tf, b.build(ModelSpec.Kind.OTHER), 0).forward(x, false));
                }
            }
            try (Session s = new Session(g)) {
                s.initialize();
                var r = s.runner();
                outs.forEach(r::fetch);
                try (Result res = r.run()) {
                    assertEquals(outs.size(), res.size());
                }
            }
        }
    }

    static float[][] initialWeights(long seed) {
        // conv 3×3, 64 -> 128, relu: He normal truncated at 2σ, σ = sqrt(2/576); dense on the flattened 128×4×4 -> 10: Glorot uniform ±sqrt(6/(2048 + 10))
        ModelSpec.Builder b = new ModelSpec.Builder("init", 4, 4, 64);
        b.add(new Conv(128, 3, 3, 1, 1, 1, 1, true, Activation.RELU, 1e-5f));
        b.add(new dev.cvpipe.model.layers.Dense(10, Activation.LINEAR));
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Network net = new Network(Ops.create(g), b.build(ModelSpec.Kind.OTHER), seed);
            s.initialize();
            return new float[][] {Network.values(s, net.layerVariables(0).get(0)), Network.values(s, net.layerVariables(1).get(0))};
        }
    }

    @Test
    void initialisersHaveTheirDistributionsAndFollowTheSeed() {
        float[][] w = initialWeights(7);
        double sigma = Math.sqrt(2.0 / 576);
        double sum = 0, sq = 0, max = 0;
        for (float v : w[0]) {
            sum += v;
            sq += v * v;
            max = Math.max(max, Math.abs(v));
        }
        int n = w[0].length;
        assertEquals(0, sum / n, 0.01 * sigma * 10);
        assertEquals(sigma, Math.sqrt(sq / n - (sum / n) * (sum / n)), 0.03 * sigma, "He σ after the truncation correction");
        assertTrue(max <= 2 * sigma / 0.87962566 + 1e-6, "truncated at 2 standard deviations of the underlying normal");
        double limit = Math.sqrt(6.0 / (2048 + 10));
        double gmax = 0;
        for (float v : w[1]) gmax = Math.max(gmax, Math.abs(v));
        assertTrue(gmax <= limit && gmax > 0.9 * limit, "Glorot uniform within ±" + limit + ", got " + gmax);
        assertArrayEquals(w[0], initialWeights(7)[0], "same seed, same weights");
        assertTrue(w[0][0] != initialWeights(8)[0][0], "another seed, other weights");
    }

    @Test
    void activationsMatchTheirFormulas() {
        float[] xs = {-30, -3, -0.5f, 0, 0.7f, 4, 25};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(xs);
            for (Activation a : Activation.values()) {
                try (Result r = s.runner().fetch(a.apply(tf, x)).run()) {
                    TFloat32 y = (TFloat32) r.get(0);
                    for (int i = 0; i < xs.length; i++) {
                        double v = xs[i], want = switch (a) {
                            case LINEAR -> v;
                            case LEAKY -> v > 0 ? v : 0.1 * v;
                            case RELU -> Math.max(0, v);
                            case RELU6 -> Math.min(6, Math.max(0, v));
                            case LOGISTIC -> 1 / (1 + Math.exp(-v));
                            case MISH -> v * Math.tanh(Math.log1p(Math.exp(v)));
                            case SWISH -> v / (1 + Math.exp(-v));
                            case TANH -> Math.tanh(v);
                            case RAMP -> Math.max(0, v) + 0.1 * v;
                        };
                        assertEquals(want, y.getFloat(i), 1e-5 * Math.max(1, Math.abs(want)), a + "(" + v + ")");
                    }
                }
            }
        }
    }

    @Test
    void batchNormMovesStatisticsByPyTorchsMomentumAndEvalUsesThem() {
        // one 1×1 conv (kernel = identity) with BN on a 1×2×2×2 batch: channel 0 = 1,2,3,4; channel 1 = 0,0,0,8
        ModelSpec.Builder b = new ModelSpec.Builder("bn", 2, 2, 2);
        b.add(new Conv(2, 1, 1, 1, 0, 0, 1, true, Activation.LINEAR, 1e-5f));
        ModelSpec spec = b.build(ModelSpec.Kind.OTHER);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = new Network(tf, spec, 0);
            Operand<TFloat32> x = tf.constant(new float[][][][] {{{{1, 0}, {2, 0}}, {{3, 0}, {4, 8}}}});
            net.forward(x, true);
            Operand<TFloat32> eval = net.forward(x, false);
            List<Variable<TFloat32>> v = net.layerVariables(0); // kernel, scale, offset, mean, variance
            try (Session s = new Session(g)) {
                s.initialize();
                net.assign(s, v.get(0), new float[] {1, 0, 0, 1});
                net.updateOps().forEach(op -> s.runner().addTarget(op).run());
                // mean: 0.9·0 + 0.1·(2.5, 2); variance: 0.9·1 + 0.1·unbiased var: (5/3, 16)
                assertArrayEquals(new float[] {0.25f, 0.2f}, Network.values(s, v.get(3)), 1e-6f);
                assertArrayEquals(new float[] {0.9f + 0.1f * 5 / 3f, 0.9f + 1.6f}, Network.values(s, v.get(4)), 1e-5f);
                try (Result r = s.runner().fetch(eval).run()) {
                    TFloat32 y = (TFloat32) r.get(0);
                    // eval: (x − moving mean) / sqrt(moving var + eps), scale 1, offset 0
                    double want = (4 - 0.25) / Math.sqrt(0.9 + 0.1 * 5 / 3.0 + 1e-5);
                    assertEquals(want, y.getFloat(0, 1, 1, 0), 1e-5);
                }
            }
        }
    }
}
