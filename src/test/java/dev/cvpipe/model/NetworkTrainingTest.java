package dev.cvpipe.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The contract the trainer uses: two branches sharing variables, gradients, BN updates, save/restore. */
class NetworkTrainingTest {
    static final int N = 8, H = 16, W = 16, CLASSES = 3;

    /** A batch where the class is visible in the pixels (channel k is bright for class k). */
    static float[] images(float[] labels) {
        Random r = new Random(7);
        float[] x = new float[N * H * W * 3];
        for (int n = 0; n < N; n++) {
            int k = n % CLASSES;
            labels[n * CLASSES + k] = 1;
            for (int p = 0; p < H * W; p++) for (int c = 0; c < 3; c++) x[(n * H * W + p) * 3 + c] = (float) r.nextGaussian() * 0.3f + (c == k ? 1 : 0);
        }
        return x;
    }

    @Test
    void oneGradientStepLowersTheLossAndMovesBnStatistics(@TempDir Path dir) throws Exception {
        float[] labels = new float[N * CLASSES];
        float[] pixels = images(labels);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = Models.create(tf, "cnn-small", ModelConfig.of(CLASSES, H, W).withSeed(42));
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, W, 3)));
            Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, CLASSES)));
            Operand<TFloat32> trainLogits = net.forward(x, true);
            Operand<TFloat32> evalLogits = net.forward(x, false);
            assertArrayEquals(new long[] {-1, CLASSES}, evalLogits.shape().asArray());
            Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(trainLogits, y).loss(), tf.constant(0));

            List<Variable<TFloat32>> vars = net.trainableVariables();
            // kernels 3·3·3·16 + 3·3·16·32 + 3·3·32·64 + 64·3, BN 2·(16+32+64), dense bias 3
            assertEquals(432 + 4608 + 18432 + 192 + 224 + 3, net.graphParams());
            assertEquals(net.spec().params(), net.graphParams());
            assertEquals(4, net.weightDecayVariables().size(), "3 conv kernels + 1 dense kernel");
            assertEquals(6, net.updateOps().size(), "mean and variance of 3 BN layers");

            Output<?>[] grads = g.addGradients(loss.asOutput(), vars.stream().map(Variable::asOutput).toArray(Output[]::new));
            List<Op> step = new ArrayList<>();
            for (int i = 0; i < vars.size(); i++) {
                @SuppressWarnings("unchecked")
                Operand<TFloat32> gr = (Operand<TFloat32>) grads[i];
                step.add(tf.train.applyGradientDescent(vars.get(i), tf.constant(0.1f), gr));
            }
            step.addAll(net.updateOps());
            Variable<TFloat32> movingMean = net.layerVariables(0).get(3);

            try (Session s = new Session(g);
                 TFloat32 xt = TFloat32.tensorOf(Shape.of(N, H, W, 3), DataBuffers.of(pixels, true, false));
                 TFloat32 yt = TFloat32.tensorOf(Shape.of(N, CLASSES), DataBuffers.of(labels, true, false))) {
                s.initialize();
                float before = scalar(s, loss, x, xt, y, yt);
                float[] meanBefore = values(s, movingMean);
                assertArrayEquals(new float[16], meanBefore, "moving means start at 0");
                var r = s.runner().feed(x, xt).feed(y, yt);
                step.forEach(r::addTarget);
                r.run();
                float after = scalar(s, loss, x, xt, y, yt);
                assertTrue(after < before, "loss " + before + " -> " + after);
                assertNotEquals(0f, values(s, movingMean)[0], "BN moving mean updated");

                float[] evalBefore = run(s, evalLogits, x, xt);
                s.save(dir.resolve("ckpt").toString());
                // the eval branch reads the same (now trained) variables; a rebuilt graph restores them
                try (Graph g2 = new Graph()) {
                    Ops tf2 = Ops.create(g2);
                    Network net2 = Models.create(tf2, "cnn-small", ModelConfig.of(CLASSES, H, W).withSeed(1));
                    Placeholder<TFloat32> x2 = tf2.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, W, 3)));
                    Operand<TFloat32> e2 = net2.forward(x2, false);
                    try (Session s2 = new Session(g2)) {
                        s2.restore(dir.resolve("ckpt").toString());
                        assertArrayEquals(evalBefore, run(s2, e2, x2, xt), 0f);
                    }
                }
            }
        }
    }

    static float scalar(Session s, Operand<TFloat32> t, Operand<?> x, Tensor xt, Operand<?> y, Tensor yt) {
        try (Result r = s.runner().feed(x, xt).feed(y, yt).fetch(t).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    static float[] run(Session s, Operand<TFloat32> t, Operand<?> x, Tensor xt) {
        try (Result r = s.runner().feed(x, xt).fetch(t).run()) {
            return copy((TFloat32) r.get(0));
        }
    }

    static float[] values(Session s, Operand<TFloat32> v) {
        try (Result r = s.runner().fetch(v).run()) {
            return copy((TFloat32) r.get(0));
        }
    }

    static float[] copy(TFloat32 t) {
        float[] a = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(a, false, false));
        return a;
    }
}
