package dev.cvpipe.train;

import dev.cvpipe.model.weights.ImportReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Session;
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

    /** Every variable the network's outputs depend on (trainable ones and BN moving statistics), in creation order. */
    default List<Variable<TFloat32>> variables() {
        return trainableVariables();
    }

    /** The fed BN moving-average factor of the training branch (see {@code Network.bnMomentum()}), or null without BN. */
    default Operand<TFloat32> bnMomentum() {
        return null;
    }

    /** An auxiliary head's logits [N, classes] from the last training forward (inception's AuxLogits), or null. */
    default Operand<TFloat32> auxLogits() {
        return null;
    }

    /**
     * Whether {@code v} is in the network's backbone (see {@code ModelSpec.backboneLayers()}):
     * frozen by {@code --freeze-backbone}, trained at lr x {@code --backbone-lr-mult}. None by default.
     */
    default boolean inBackbone(Variable<TFloat32> v) {
        return false;
    }

    /**
     * A training forward with the backbone in inference mode (its BN uses and keeps the moving
     * statistics); its update ops are appended to {@link #updateOps()} after the earlier branches'.
     */
    default Operand<TFloat32> forwardFrozenBackbone(Operand<TFloat32> imagesNHWC) {
        throw new UnsupportedOperationException("this network has no backbone to freeze");
    }

    /**
     * Overwrites the initialised variables with the pretrained weights in {@code file} (see
     * {@code model.weights.Pretrained}); the stand-in networks of tests have no pretrained form.
     */
    default ImportReport loadPretrained(Session session, Path file) throws IOException {
        throw new IllegalArgumentException("this network cannot load pretrained weights");
    }

    /** Inference passes built after this call fold batch norm into convolutions (bf16 speed); nets without BN ignore it. */
    default void foldBatchNormAtInference(boolean fold) {}
}
