package dev.cvpipe.train;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.Network;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The model library's built-in networks as {@link TrainableNet}s: the factory the CLI uses. */
public final class ModelLibrary {
    private ModelLibrary() {}

    public static NetFactory factory() {
        return (tf, model, classes, h, w, seed) -> {
            // The aux head only exists in inception-v3's training branch; training here uses the main logits.
            Network n = Models.create(tf, model, new ModelConfig(classes, h, w, 3, false, seed));
            return new TrainableNet() {
                @Override
                public Operand<TFloat32> forward(Operand<TFloat32> images, boolean training) {
                    return n.forward(images, training);
                }

                @Override
                public List<Variable<TFloat32>> trainableVariables() {
                    return n.trainableVariables();
                }

                @Override
                public boolean decays(Variable<TFloat32> v) {
                    return n.decays(v);
                }

                @Override
                public List<Op> updateOps() {
                    return n.updateOps();
                }

                @Override
                public void foldBatchNormAtInference(boolean fold) {
                    n.foldBatchNormAtInference(fold);
                }
            };
        };
    }

    public static void requireKnown(String model) {
        if (!Models.exists(model)) {
            throw new IllegalArgumentException("unknown model '" + model + "' (built-in: " + String.join(", ", Models.names()) + ")");
        }
    }
}
