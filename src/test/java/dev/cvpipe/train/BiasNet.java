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
 * logits = bias for every image: one variable with a hand-computable gradient
 * (mean over the batch of softmax(bias) - target), so optimizer steps have known answers.
 * The evaluation branch's logits are the bias itself, which is how tests read it back.
 * {@link #withBackbone} adds a second bias vector {@code bias_net/backbone} that counts as the
 * backbone (logits = backbone + bias): both get the same gradient, so what each optimizer group
 * did is read off exactly. No BN, so the frozen-backbone forward is the plain one.
 */
final class BiasNet implements TrainableNet {
    private final Ops tf;
    private final Variable<TFloat32> bias, backbone;

    BiasNet(Ops root, float[] init, float[] backboneInit) {
        tf = root.withSubScope("bias_net");
        bias = vector(tf, "bias", init);
        backbone = backboneInit == null ? null : vector(tf, "backbone", backboneInit);
    }

    private static Variable<TFloat32> vector(Ops tf, String name, float[] init) {
        Ops i = tf.withInitScope();
        return tf.withName(name).variable(i.constant(Shape.of(init.length), DataBuffers.of(init, true, false)));
    }

    static NetFactory factory(float... init) {
        return (tf, model, classes, h, w, seed) -> new BiasNet(tf, init, null);
    }

    static NetFactory withBackbone(float[] backbone, float[] head) {
        return (tf, model, classes, h, w, seed) -> new BiasNet(tf, head, backbone);
    }

    @Override
    public Operand<TFloat32> forward(Operand<TFloat32> x, boolean training) {
        Operand<TFloat32> zero = tf.math.mul(tf.reduceSum(x, tf.constant(new int[] {1, 2, 3}), org.tensorflow.op.core.ReduceSum.keepDims(false)),
                tf.constant(0f));
        Operand<TFloat32> col = tf.reshape(zero, tf.constant(new long[] {-1, 1}));
        Operand<TFloat32> b = backbone == null ? tf.identity(bias) : tf.math.add(tf.identity(backbone), tf.identity(bias));
        return tf.math.add(col, b);
    }

    @Override
    public Operand<TFloat32> forwardFrozenBackbone(Operand<TFloat32> x) {
        if (backbone == null) return TrainableNet.super.forwardFrozenBackbone(x);
        return forward(x, true);
    }

    @Override
    public boolean inBackbone(Variable<TFloat32> v) {
        return v == backbone;
    }

    @Override
    public List<Variable<TFloat32>> trainableVariables() {
        return backbone == null ? List.of(bias) : List.of(backbone, bias);
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
