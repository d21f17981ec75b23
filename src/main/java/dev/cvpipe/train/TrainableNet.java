package dev.cvpipe.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * What training needs from a network: the model library's {@code Network} through
 * {@link NetFactory}, or a tiny stand-in in tests that check the optimizers in milliseconds.
 */
public interface TrainableNet {
    /** Logits [N, classes] from float32 NHWC images; callable once for training and once for evaluation. */
    Operand<TFloat32> forward(Operand<TFloat32> imagesNHWC, boolean training);

    List<Variable<TFloat32>> trainableVariables();

    /** Whether weight decay applies to {@code v} (kernels yes; BN parameters and biases no). */
    boolean decays(Variable<TFloat32> v);

    /** Ops to run with every training step (BN moving averages), complete after the training forward. */
    List<Op> updateOps();

    /** Inference passes built after this call fold batch norm into convolutions (bf16 speed); nets without BN ignore it. */
    default void foldBatchNormAtInference(boolean fold) {}
}
