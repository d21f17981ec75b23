package dev.cvpipe.train;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.weights.ImportReport;
import dev.cvpipe.model.weights.Pretrained;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The model library's built-in networks as {@link TrainableNet}s: the factory the CLI uses. */
public final class ModelLibrary {
    /** The built-in model with an auxiliary classifier (AuxLogits, trained with weight {@link TrainGraph#AUX_WEIGHT}). */
    public static final String AUX_MODEL = "inception-v3";

    private ModelLibrary() {}

    public static NetFactory factory() {
        return new NetFactory() {
            @Override
            public TrainableNet create(Ops tf, String model, int classes, int h, int w, long seed) {
                return create(tf, model, classes, h, w, seed, false);
            }

            @Override
            public TrainableNet create(Ops tf, String model, int classes, int h, int w, long seed, boolean aux) {
                if (aux && !model.equals(AUX_MODEL)) {
                    throw new IllegalArgumentException("--aux: only " + AUX_MODEL + " has an auxiliary head, not " + model);
                }
                return of(Models.create(tf, model, new ModelConfig(classes, h, w, 3, aux, seed)));
            }
        };
    }

    /** A built network as training sees it. */
    static TrainableNet of(Network n) {
        // Assign ops exist before the session first runs: added later, extending a training graph
        // made a ResNet-50 --pretrained load take 3.0 s instead of 0.6 s (load average 4, 2 cores).
        n.prepareAssign(n.variables());
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
            public List<Variable<TFloat32>> variables() {
                return n.variables();
            }

            @Override
            public Operand<TFloat32> bnMomentum() {
                return n.bnMomentum();
            }

            @Override
            public Operand<TFloat32> auxLogits() {
                return n.auxLogits();
            }

            @Override
            public void foldBatchNormAtInference(boolean fold) {
                n.foldBatchNormAtInference(fold);
            }

            @Override
            public ImportReport loadPretrained(Session session, Path file) throws IOException {
                return Pretrained.load(file, session, n);
            }

            @Override
            public boolean inBackbone(Variable<TFloat32> v) {
                return n.inBackbone(v);
            }

            @Override
            public Operand<TFloat32> forwardFrozenBackbone(Operand<TFloat32> images) {
                return n.forward(images, true, true);
            }
        };
    }

    /**
     * Refuses --freeze-backbone / --backbone-lr-mult for a model without a backbone (see
     * {@code ModelSpec.backboneLayers()}: detectors, for instance).
     */
    public static void requireBackbone(String model) {
        ModelSpec spec = Models.spec(model, new ModelConfig(2, Models.defaultInput(model), Models.defaultInput(model), 3, false, 0));
        for (boolean b : spec.backboneLayers()) if (b) return;
        throw new IllegalArgumentException(model + " has no backbone: --freeze-backbone and --backbone-lr-mult apply to classifiers and segmentation networks");
    }

    /**
     * Reads {@code file} and checks that it fits {@code model}'s backbone (heads may differ), so that a
     * bad file fails before a run folder is written. One-line IOException / IllegalArgumentException.
     */
    public static ImportReport checkPretrained(Path file, String model) throws IOException {
        int side = Models.defaultInput(model);
        int classes = model.toLowerCase(java.util.Locale.ROOT).startsWith("unet") ? 1 : 1000;
        return Pretrained.plan(file, Models.spec(model, new ModelConfig(classes, side, side, 3, false, 0)));
    }

    public static void requireKnown(String model) {
        if (!Models.exists(model)) {
            throw new IllegalArgumentException("unknown model '" + model + "' (built-in: " + String.join(", ", Models.names()) + ")");
        }
    }
}
