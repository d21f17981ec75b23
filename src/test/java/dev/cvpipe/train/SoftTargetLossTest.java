package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The classifier loss on mixup / cutmix soft targets, by hand. */
class SoftTargetLossTest {
    static final double LN3 = Math.log(3), LN5 = Math.log(5);
    // Example 0: z = [0, ln3, 0] -> p = [1/5, 3/5, 1/5]; example 1: z = 0 -> p = 1/3 each.
    static final float[] Z = {0f, (float) LN3, 0f, 0f, 0f, 0f};

    private static double loss(ClassifierLoss l, float[] targets, int[] labels) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> z = tf.constant(Shape.of(2, 3), DataBuffers.of(Z, true, false));
            Operand<TFloat32> out = targets != null
                    ? l.trainLossSoft(tf, z, tf.constant(Shape.of(2, 3), DataBuffers.of(targets, true, false)))
                    : l.trainLoss(tf, z, tf.constant(Shape.of(2), DataBuffers.of(labels, true, false)));
            try (TFloat32 t = (TFloat32) s.runner().fetch(out).run().get(0)) {
                return t.getFloat();
            }
        }
    }

    @Test
    void mixedTargetsGiveTheLambdaWeightedCrossEntropies() {
        ClassifierLoss l = new ClassifierLoss(3, 0, new float[] {1, 1, 1}, true);
        // Example 0 target 0.3 class 0 + 0.7 class 1: 0.3 ln5 + 0.7 ln(5/3); example 1 one-hot: ln3.
        double ce0 = 0.3 * LN5 + 0.7 * (LN5 - LN3);
        assertEquals((ce0 + LN3) / 2, loss(l, new float[] {0.3f, 0.7f, 0, 1, 0, 0}, null), 1e-6);
        // One-hot soft targets are the hard-label loss, smoothing and class weights included.
        ClassifierLoss w = new ClassifierLoss(3, 0.1, new float[] {2, 1, 1}, true);
        assertEquals(loss(w, null, new int[] {1, 0}), loss(w, new float[] {0, 1, 0, 1, 0, 0}, null), 1e-6);
    }

    @Test
    void classWeightsWeighEachExampleByTargetDotWeights() {
        ClassifierLoss l = new ClassifierLoss(3, 0, new float[] {2, 1, 1}, true);
        // weights 0.3*2 + 0.7*1 = 1.3 and 2: (1.3 ce0 + 2 ln3) / 3.3
        double ce0 = 0.3 * LN5 + 0.7 * (LN5 - LN3);
        assertEquals((1.3 * ce0 + 2 * LN3) / 3.3, loss(l, new float[] {0.3f, 0.7f, 0, 1, 0, 0}, null), 1e-6);
    }
}
