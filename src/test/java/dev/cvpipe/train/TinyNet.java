package dev.cvpipe.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/** A conv + global-mean + dense stand-in network, so trainer tests need not wait for big models. */
final class TinyNet implements TrainableNet {
    private final Ops tf;
    private final Variable<TFloat32> kernel, dense, bias;

    TinyNet(Ops root, int classes, long seed) {
        tf = root.withSubScope("tiny");
        Ops init = tf.withInitScope();
        kernel = tf.withName("kernel").variable(uniform(init, Shape.of(3, 3, 3, 16), 0.3f, seed, 1));
        dense = tf.withName("dense").variable(uniform(init, Shape.of(16, classes), 0.3f, seed, 2));
        bias = tf.withName("bias").variable(init.fill(init.constant(Shape.of(classes)), init.constant(0f)));
    }

    static NetFactory factory() {
        return (tf, model, classes, h, w, seed) -> new TinyNet(tf, classes, seed);
    }

    private static Operand<TFloat32> uniform(Ops init, Shape s, float limit, long seed, long seed2) {
        Operand<TFloat32> u = init.random.randomUniform(init.constant(s), TFloat32.class, RandomUniform.seed(seed), RandomUniform.seed2(seed2));
        return init.math.mul(init.math.sub(u, init.constant(0.5f)), init.constant(2 * limit));
    }

    @Override
    public Operand<TFloat32> forward(Operand<TFloat32> x, boolean training) {
        Operand<TFloat32> c = tf.nn.conv2d(x, tf.identity(kernel), List.of(1L, 2L, 2L, 1L), "SAME");
        Operand<TFloat32> pooled = tf.math.mean(tf.nn.relu(c), tf.constant(new int[] {1, 2}));
        return tf.nn.biasAdd(tf.linalg.matMul(pooled, tf.identity(dense)), tf.identity(bias));
    }

    @Override
    public List<Variable<TFloat32>> trainableVariables() {
        return List.of(kernel, dense, bias);
    }

    @Override
    public boolean decays(Variable<TFloat32> v) {
        return v != bias;
    }

    @Override
    public List<Op> updateOps() {
        return List.of();
    }
}
