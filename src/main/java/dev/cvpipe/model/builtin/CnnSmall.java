package dev.cvpipe.model.builtin;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.layers.Activation;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.Dense;
import dev.cvpipe.model.layers.GlobalAvgPool;
import dev.cvpipe.model.layers.MaxPool;

/** cnn-small: three conv-BN-ReLU blocks (16, 32, 64 filters) with 2×2 max pooling, global average pool, dense. */
public final class CnnSmall {
    private CnnSmall() {}

    public static ModelSpec spec(String name, ModelConfig cfg) {
        ModelSpec.Builder b = new ModelSpec.Builder(name, cfg.inputHeight(), cfg.inputWidth(), cfg.channels());
        for (int filters : new int[] {16, 32, 64}) {
            b.add(Conv.bn(filters, 3, 1, Activation.RELU));
            if (b.shape(b.last()).h() >= 2 && b.shape(b.last()).w() >= 2) b.add(new MaxPool(2, 2, 0));
        }
        b.add(new GlobalAvgPool());
        b.add(new Dense(cfg.numClasses(), Activation.LINEAR));
        return b.build(ModelSpec.Kind.CLASSIFIER);
    }
}
