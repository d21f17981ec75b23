package dev.cvpipe.model.builtin;

import static dev.cvpipe.model.layers.Activation.LEAKY;
import static dev.cvpipe.model.layers.Activation.LINEAR;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.GlobalAvgPool;
import dev.cvpipe.model.layers.Shortcut;

/**
 * Darknet-53 as in pjreddie's darknet53.cfg: conv-BN-leaky, five stride-2 stages with 1, 2, 8, 8, 4
 * residual pairs (1×1 halving, 3×3 restoring, shortcut from=-3), global average pool, and a 1×1
 * conv with bias to the classes.
 */
public final class Darknet53 {
    private Darknet53() {}

    public static ModelSpec spec(String name, ModelConfig cfg) {
        ModelSpec.Builder b = new ModelSpec.Builder(name, cfg.inputHeight(), cfg.inputWidth(), cfg.channels());
        b.add(Conv.bn(32, 3, 1, LEAKY));
        int filters = 64;
        for (int repeats : new int[] {1, 2, 8, 8, 4}) {
            b.add(Conv.bn(filters, 3, 2, LEAKY));
            for (int i = 0; i < repeats; i++) {
                int in = b.last();
                b.add(Conv.bn(filters / 2, 1, 1, LEAKY));
                int out = b.add(Conv.bn(filters, 3, 1, LEAKY));
                b.add(new Shortcut(LINEAR), out, in);
            }
            filters *= 2;
        }
        b.add(new GlobalAvgPool());
        b.add(new Conv(cfg.numClasses(), 1, 1, 1, 0, 0, 1, false, LINEAR, 1e-5f));
        return b.build(ModelSpec.Kind.CLASSIFIER);
    }
}
