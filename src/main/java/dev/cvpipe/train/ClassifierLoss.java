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
public record ClassifierLoss(int classes, double labelSmoothing, float[] classWeights, boolean soft) implements TrainLoss {

    /** With hard labels (no mixup / cutmix). */
    public ClassifierLoss(int classes, double labelSmoothing, float[] classWeights) {
        this(classes, labelSmoothing, classWeights, false);
    }

    @Override
    public boolean softTargets() {
        return soft;
    }

    /**
     * Against soft targets t (rows summing to 1, from {@link BatchMix}): smoothing as for labels,
     * {@code (1-s) t + s/K}, and each example weighted by {@code t . classWeights}, which is
     * {@code w[y]} for a one-hot row, so hard labels give exactly the loss above.
     */
    @Override
    public Operand<TFloat32> trainLossSoft(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets) {
        return fromTargets(tf, logits, targets, labelSmoothing, classWeights);
    }

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
        return fromTargets(tf, logits, onehot, smoothing, weights);
    }

    private Operand<TFloat32> fromTargets(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> onehot, double smoothing, float[] weights) {
        Operand<TFloat32> target = smoothing > 0
                ? tf.math.add(tf.math.mul(onehot, tf.constant((float) (1 - smoothing))), tf.constant((float) (smoothing / classes)))
                : onehot;
        Operand<TFloat32> perExample = tf.nn.softmaxCrossEntropyWithLogits(logits, target).loss();
        // The weight of each example is target . classWeights (no Gather: it has no gradient here).
        Operand<TFloat32> w = tf.reduceSum(tf.math.mul(onehot, tf.constant(Shape.of(classes), DataBuffers.of(weights, true, false))),
                tf.constant(1));
        return tf.math.div(tf.reduceSum(tf.math.mul(perExample, w), tf.constant(0)), tf.reduceSum(w, tf.constant(0)));
    }
}
