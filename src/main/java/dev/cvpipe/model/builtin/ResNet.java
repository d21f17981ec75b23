package dev.cvpipe.model.builtin;

import static dev.cvpipe.model.layers.Activation.LINEAR;
import static dev.cvpipe.model.layers.Activation.RELU;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.Dense;
import dev.cvpipe.model.layers.GlobalAvgPool;
import dev.cvpipe.model.layers.MaxPool;
import dev.cvpipe.model.layers.Shortcut;

/**
 * torchvision's ResNet (v1.5: the stride sits on the 3×3 conv of a bottleneck). Convs have no bias,
 * every conv is followed by BN (eps 1e-5); a block's projection shortcut is conv 1×1 + BN.
 */
public final class ResNet {
    private ResNet() {}

    /** Blocks per stage and whether blocks are bottlenecks, by depth. */
    static int[] stages(int depth) {
        return switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34, 50 -> new int[] {3, 4, 6, 3};
            case 101 -> new int[] {3, 4, 23, 3};
            case 152 -> new int[] {3, 8, 36, 3};
            default -> throw new IllegalArgumentException("no ResNet of depth " + depth);
        };
    }

    public static ModelSpec spec(String name, ModelConfig cfg, int depth) {
        ModelSpec.Builder b = new ModelSpec.Builder(name, cfg.inputHeight(), cfg.inputWidth(), cfg.channels());
        encoder(b, depth, "");
        b.add(new GlobalAvgPool());
        b.torch(b.add(new Dense(cfg.numClasses(), LINEAR)), "fc");
        return b.build(ModelSpec.Kind.CLASSIFIER);
    }

    /**
     * Adds the ResNet trunk (stem and four stages) and returns the indices of the feature maps a
     * U-Net reads: [stem ReLU (H/2), stage 1 (H/4), stage 2 (H/8), stage 3 (H/16), stage 4 (H/32)].
     * Layers are named after torchvision's modules under {@code prefix} ("" or smp's "encoder.").
     */
    public static int[] encoder(ModelSpec.Builder b, int depth, String prefix) {
        boolean bottleneck = depth >= 50;
        int[] features = new int[5];
        features[0] = b.torch(b.add(Conv.bn(64, 7, 2, RELU)), prefix + "conv1", prefix + "bn1");
        b.add(new MaxPool(3, 2, 2));
        int[] blocks = stages(depth);
        int planes = 64;
        for (int stage = 0; stage < 4; stage++) {
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                String block = prefix + "layer" + (stage + 1) + "." + i + ".";
                if (bottleneck) bottleneck(b, planes, stride, block);
                else basic(b, planes, stride, block);
            }
            features[stage + 1] = b.last();
            planes *= 2;
        }
        return features;
    }

    private static void basic(ModelSpec.Builder b, int planes, int stride, String block) {
        int in = b.last();
        convBn(b, Conv.bn(planes, 3, stride, RELU), block, 1);
        int main = convBn(b, Conv.bn(planes, 3, 1, LINEAR), block, 2);
        b.add(new Shortcut(RELU), main, projection(b, in, planes, stride, block));
    }

    private static void bottleneck(ModelSpec.Builder b, int planes, int stride, String block) {
        int in = b.last();
        convBn(b, Conv.bn(planes, 1, 1, RELU), block, 1);
        convBn(b, Conv.bn(planes, 3, stride, RELU), block, 2);
        int main = convBn(b, Conv.bn(planes * 4, 1, 1, LINEAR), block, 3);
        b.add(new Shortcut(RELU), main, projection(b, in, planes * 4, stride, block));
    }

    private static int convBn(ModelSpec.Builder b, Conv c, String block, int n) {
        return b.torch(b.add(c), block + "conv" + n, block + "bn" + n);
    }

    /** The identity, or conv 1×1 + BN when the stride or the channel count changes. */
    private static int projection(ModelSpec.Builder b, int in, int channels, int stride, String block) {
        if (stride == 1 && b.shape(in).c() == channels) return in;
        return b.torch(b.add(Conv.bn(channels, 1, stride, LINEAR), in), block + "downsample.0", block + "downsample.1");
    }
}
