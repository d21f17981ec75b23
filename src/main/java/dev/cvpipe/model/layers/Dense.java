package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Fully connected layer on the flattened input (NHWC order, so the kernel rows run H, W, C), with
 * bias and activation; the output stays 4-D as outputs×1×1.
 */
public record Dense(int outputs, Activation activation) implements Layer {
    public Dense {
        if (outputs < 1) throw new IllegalArgumentException("dense needs output >= 1, got " + outputs);
    }

    @Override
    public String type() {
        return "connected";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        Layer.single("connected", in);
        return new Shape3(outputs, 1, 1);
    }

    @Override
    public long params(List<Shape3> in) {
        return Math.addExact(Math.multiplyExact(in.get(0).size(), (long) outputs), outputs);
    }

    @Override
    public double flops(List<Shape3> in, Shape3 out) {
        return 2.0 * in.get(0).size() * outputs;
    }

    public record Weights(Variable<TFloat32> kernel, Variable<TFloat32> bias) {}

    public Weights createWeights(Vars vars, Shape3 in) {
        long n = in.size();
        return new Weights(vars.create("kernel", Vars.Role.KERNEL, Init.GLOROT, n, outputs, n, outputs),
                vars.create("bias", Vars.Role.BIAS, Init.ZEROS, 0, 0, outputs));
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        Weights w = createWeights(vars, in.get(0));
        long n = in.get(0).size();
        return (f, x) -> {
            Ops tf = f.tf();
            Operand<TFloat32> flat = tf.reshape(x.get(0), tf.constant(new long[] {-1, n}));
            Operand<TFloat32> y = tf.nn.biasAdd(tf.linalg.matMul(flat, f.read(w.kernel())), f.read(w.bias()));
            y = activation.apply(tf, y);
            return tf.reshape(y, tf.constant(new long[] {-1, 1, 1, outputs}));
        };
    }
}
