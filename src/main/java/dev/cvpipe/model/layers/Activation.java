package dev.cvpipe.model.layers;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** The activations every conv/dense/shortcut layer can end with (darknet names). */
public enum Activation {
    LINEAR, LEAKY, RELU, RELU6, LOGISTIC, MISH, SWISH, TANH,
    /** darknet's ramp: relu(x) + 0.1·x. */
    RAMP;

    /** Darknet's name (leaky = slope 0.1); throws IllegalArgumentException naming the supported ones. */
    public static Activation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported activation '" + name.trim()
                    + "' (supported: linear, leaky, relu, relu6, logistic, mish, swish, tanh, ramp)");
        }
    }

    public String darknetName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * x·tanh(softplus(x)) written as x·(n² + 2n)/(n² + 2n + 2) with n = e^min(x, 20): TF's oneDNN
     * remapper fuses the literal form after an inference-mode FusedBatchNorm into a kernel that then
     * fails with "Fusion is not implemented: [FusedBatchNorm,Mish]". Above 20 the ratio is 1 in float.
     */
    private static Operand<TFloat32> mish(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> n = tf.math.exp(tf.math.minimum(x, tf.constant(20f)));
        Operand<TFloat32> p = tf.math.mul(n, tf.math.add(n, tf.constant(2f)));
        return tf.math.mul(x, tf.math.div(p, tf.math.add(p, tf.constant(2f))));
    }

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        switch (this) {
            case LEAKY: return tf.nn.leakyRelu(x, LeakyRelu.alpha(0.1f));
            case RELU: return tf.nn.relu(x);
            case RELU6: return tf.nn.relu6(x);
            case LOGISTIC: return tf.math.sigmoid(x);
            case MISH: return mish(tf, x);
            case SWISH: return tf.math.mul(x, tf.math.sigmoid(x));
            // 2σ(2x) − 1: a Tanh right after an inference-mode FusedBatchNorm gets fused by TF's
            // oneDNN remapper into a kernel that fails ("Fusion is not implemented: [FusedBatchNorm,Tanh]")
            case TANH: return tf.math.sub(tf.math.mul(tf.constant(2f), tf.math.sigmoid(tf.math.mul(x, tf.constant(2f)))), tf.constant(1f));
            case RAMP: return tf.math.add(tf.nn.relu(x), tf.math.mul(x, tf.constant(0.1f)));
            default: return x;
        }
    }
}
