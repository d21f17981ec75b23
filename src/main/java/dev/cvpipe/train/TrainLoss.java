package dev.cvpipe.train;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The task-specific end of the training graph: what the labels look like and how logits and
 * labels become one scalar loss. {@link ClassifierLoss} (one class id per image) and
 * {@link SegLoss} (one class id per pixel) are the two implementations.
 */
public interface TrainLoss {
    /** The labels placeholder's shape for a batch of any size (first dimension -1). */
    Shape labelShape(int height, int width);

    /** The loss the optimizer minimises (may be smoothed / weighted). */
    Operand<TFloat32> trainLoss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels);

    /** The loss reported on the validation set (plain: no smoothing, no class weights). */
    Operand<TFloat32> evalLoss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels);

    /** Whether the optimizer's loss takes soft targets [N, classes] (mixup / cutmix) instead of the labels. */
    default boolean softTargets() {
        return false;
    }

    /** The loss the optimizer minimises against soft targets; only when {@link #softTargets()}. */
    default Operand<TFloat32> trainLossSoft(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes no soft targets");
    }
}
