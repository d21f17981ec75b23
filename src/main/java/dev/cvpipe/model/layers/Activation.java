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

    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        switch (this) {
            case LEAKY: return tf.nn.leakyRelu(x, LeakyRelu.alpha(0.1f));
            case RELU: return tf.nn.relu(x);
            case RELU6: return tf.nn.relu6(x);
            case LOGISTIC: return tf.math.sigmoid(x);
            case MISH: return tf.math.mul(x, tf.math.tanh(tf.math.softplus(x)));
            case SWISH: return tf.math.mul(x, tf.math.sigmoid(x));
            case TANH: return tf.math.tanh(x);
            case RAMP: return tf.math.add(tf.nn.relu(x), tf.math.mul(x, tf.constant(0.1f)));
            default: return x;
        }
    }
}
