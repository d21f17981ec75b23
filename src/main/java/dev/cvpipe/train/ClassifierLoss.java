package dev.cvpipe.train;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Label-smoothed, class-weighted softmax cross-entropy over logits [N, classes] and labels [N],
 * as PyTorch's {@code CrossEntropyLoss(weight=w, label_smoothing=s)}:
 * {@code sum_i w[y_i] CE(z_i, (1-s) onehot(y_i) + s/K) / sum_i w[y_i]}.
 */
public record ClassifierLoss(int classes, double labelSmoothing, float[] classWeights) implements TrainLoss {

    @Override
    public Shape labelShape(int height, int width) {
        return Shape.of(-1);
    }

    @Override
    public Operand<TFloat32> trainLoss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
        return build(tf, logits, labels, labelSmoothing, classWeights);
    }

    @Override
    public Operand<TFloat32> evalLoss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
        float[] ones = new float[classes];
        java.util.Arrays.fill(ones, 1f);
        return build(tf, logits, labels, 0, ones);
    }

    private Operand<TFloat32> build(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, double smoothing, float[] weights) {
        Operand<TFloat32> onehot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> target = smoothing > 0
                ? tf.math.add(tf.math.mul(onehot, tf.constant((float) (1 - smoothing))), tf.constant((float) (smoothing / classes)))
                : onehot;
        Operand<TFloat32> perExample = tf.nn.softmaxCrossEntropyWithLogits(logits, target).loss();
        // The weight of each example is onehot . classWeights (no Gather: it has no gradient here).
        Operand<TFloat32> w = tf.reduceSum(tf.math.mul(onehot, tf.constant(Shape.of(classes), DataBuffers.of(weights, true, false))),
                tf.constant(1));
        return tf.math.div(tf.reduceSum(tf.math.mul(perExample, w), tf.constant(0)), tf.reduceSum(w, tf.constant(0)));
    }
}
