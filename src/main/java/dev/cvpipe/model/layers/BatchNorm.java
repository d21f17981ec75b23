package dev.cvpipe.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch norm through FusedBatchNormV3 (the only fused version with a gradient here). In training
 * the batch statistics normalise and the moving averages move by {@link #MOMENTUM} (PyTorch's 0.1)
 * through assign ops the caller runs with each step ({@code Network.updateOps()}). The factor can be
 * fed instead ({@code Network.bnMomentum()}): 1/k at the k-th batch of a statistics pass makes the
 * moving statistics the plain average of the pass's batch statistics (torch's momentum=None).
 */
final class BatchNorm {
    static final float MOMENTUM = Forward.BN_MOMENTUM;

    private BatchNorm() {}

    static Operand<TFloat32> apply(Forward f, Operand<TFloat32> x, Conv.Weights w, float eps) {
        Ops tf = f.tf();
        Operand<TFloat32> mean = f.read(w.movingMean());
        Operand<TFloat32> var = f.read(w.movingVariance());
        FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, f.read(w.scale()), f.read(w.offset()),
                mean, var, FusedBatchNorm.epsilon(eps), FusedBatchNorm.isTraining(f.training()),
                FusedBatchNorm.dataFormat("NHWC"));
        if (f.training()) {
            Operand<TFloat32> m = f.bnMomentum() != null ? f.bnMomentum() : tf.constant(MOMENTUM);
            f.addUpdate(tf.assignSub(w.movingMean(), tf.math.mul(tf.math.sub(mean, bn.batchMean()), m)));
            f.addUpdate(tf.assignSub(w.movingVariance(), tf.math.mul(tf.math.sub(var, bn.batchVariance()), m)));
        }
        return bn.y();
    }
}
