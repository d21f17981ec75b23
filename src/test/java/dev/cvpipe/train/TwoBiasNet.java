package dev.cvpipe.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * logits = backbone + head for every image, two bias vectors: both get the same hand-computable
 * gradient (mean of softmax(logits) - target), so what each optimizer group did is read off exactly.
 * {@code two_bias/backbone} is the backbone; no BN, so the frozen forward is the plain one.
 */
final class TwoBiasNet implements TrainableNet {
    private final Ops tf;
    final Variable<TFloat32> backbone, head;

    TwoBiasNet(Ops root, float[] backboneInit, float[] headInit) {
        tf = root.withSubScope("two_bias");
        Ops i = tf.withInitScope();
        backbone = tf.withName("backbone").variable(i.constant(Shape.of(backboneInit.length), DataBuffers.of(backboneInit, true, false)));
        head = tf.withName("head").variable(i.constant(Shape.of(headInit.length), DataBuffers.of(headInit, true, false)));
    }

    static NetFactory factory(float[] backbone, float[] head) {
        return (tf, model, classes, h, w, seed) -> new TwoBiasNet(tf, backbone, head);
    }

    @Override
    public Operand<TFloat32> forward(Operand<TFloat32> x, boolean training) {
        Operand<TFloat32> zero = tf.math.mul(tf.reduceSum(x, tf.constant(new int[] {1, 2, 3}), org.tensorflow.op.core.ReduceSum.keepDims(false)),
                tf.constant(0f));
        Operand<TFloat32> col = tf.reshape(zero, tf.constant(new long[] {-1, 1}));
        return tf.math.add(col, tf.math.add(tf.identity(backbone), tf.identity(head)));
    }

    @Override
    public Operand<TFloat32> forwardFrozenBackbone(Operand<TFloat32> x) {
        return forward(x, true);
    }

    @Override
    public boolean inBackbone(Variable<TFloat32> v) {
        return v == backbone;
    }

    @Override
    public List<Variable<TFloat32>> trainableVariables() {
        return List.of(backbone, head);
    }

    @Override
    public boolean decays(Variable<TFloat32> v) {
        return true;
    }

    @Override
    public List<Op> updateOps() {
        return List.of();
    }
}
