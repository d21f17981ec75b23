package dev.cvpipe.model.builtin;

import static dev.cvpipe.model.layers.Activation.LINEAR;
import static dev.cvpipe.model.layers.Activation.RELU;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.MaxPool;
import dev.cvpipe.model.layers.Route;
import dev.cvpipe.model.layers.Upsample;
import java.util.HashMap;
import java.util.Map;

/**
 * segmentation_models.pytorch's Unet and UnetPlusPlus on a ResNet-34 encoder: decoder channels
 * (256, 128, 64, 32, 16), each decoder block = nearest 2× upsample, concat skip, two conv3×3-BN-ReLU;
 * head = conv3×3 with bias to the classes, no activation. Input sides must be multiples of 32.
 */
public final class UNet {
    private static final int[] DECODER = {256, 128, 64, 32, 16};

    private UNet() {}

    private static ModelSpec.Builder start(String name, ModelConfig cfg) {
        if (cfg.inputHeight() % 32 != 0 || cfg.inputWidth() % 32 != 0) {
            throw new IllegalArgumentException(name + " needs an input whose sides are multiples of 32, got "
                    + cfg.inputHeight() + "x" + cfg.inputWidth());
        }
        return new ModelSpec.Builder(name, cfg.inputHeight(), cfg.inputWidth(), cfg.channels());
    }

    public static ModelSpec unet(String name, ModelConfig cfg) {
        ModelSpec.Builder b = start(name, cfg);
        int[] f = ResNet.encoder(b, 34, "encoder.");
        int x = f[4];
        for (int i = 0; i < 5; i++) {
            int skip = i < 4 ? f[3 - i] : -2;
            x = block(b, x, skip, DECODER[i], "decoder.blocks." + i);
        }
        head(b, cfg);
        return b.build(ModelSpec.Kind.SEGMENTATION);
    }

    /** smp's UnetPlusPlusDecoder: nested dense skip pathways x_{depth}_{layer}. */
    public static ModelSpec unetPlusPlus(String name, ModelConfig cfg) {
        ModelSpec.Builder b = start(name, cfg);
        int[] enc = ResNet.encoder(b, 34, "encoder.");
        int[] features = {enc[4], enc[3], enc[2], enc[1], enc[0]}; // head first, as smp reverses them
        int depth = 4;
        Map<String, Integer> dense = new HashMap<>();
        for (int layer = 0; layer < depth; layer++) {
            for (int d = 0; d < depth - layer; d++) {
                if (layer == 0) {
                    int out = d == 0 ? DECODER[0] : b.shape(features[d + 1]).c();
                    dense.put(key(d, d), block(b, features[d], features[d + 1], out, blockName(d, d)));
                } else {
                    int l = d + layer;
                    int[] cat = new int[l - d + 1];
                    for (int idx = d + 1; idx <= l; idx++) cat[idx - d - 1] = dense.get(key(idx, l));
                    cat[cat.length - 1] = features[l + 1];
                    int skip = b.add(Route.concat(), cat);
                    int out = d == 0 ? DECODER[l] : b.shape(features[l + 1]).c();
                    dense.put(key(d, l), block(b, dense.get(key(d, l - 1)), skip, out, blockName(d, l)));
                }
            }
        }
        block(b, dense.get(key(0, depth - 1)), -2, DECODER[depth], blockName(0, depth));
        head(b, cfg);
        return b.build(ModelSpec.Kind.SEGMENTATION);
    }

    /**
     * unet-small (cvpipe's own, for small inputs and CPU tests): a plain U-Net with encoder
     * blocks of 16, 32, 64 filters (two conv3×3-BN-ReLU each, 2×2 max pooling between), a
     * 128-filter bottleneck, and the decoder blocks above (nearest 2× upsample, concat skip, two
     * conv3×3-BN-ReLU) back up with 64, 32, 16 filters. Input sides must be multiples of 8.
     */
    public static ModelSpec unetSmall(String name, ModelConfig cfg) {
        if (cfg.inputHeight() % 8 != 0 || cfg.inputWidth() % 8 != 0) {
            throw new IllegalArgumentException(name + " needs an input whose sides are multiples of 8, got "
                    + cfg.inputHeight() + "x" + cfg.inputWidth());
        }
        ModelSpec.Builder b = new ModelSpec.Builder(name, cfg.inputHeight(), cfg.inputWidth(), cfg.channels());
        int[] filters = {16, 32, 64};
        int[] skips = new int[filters.length];
        for (int i = 0; i < filters.length; i++) {
            if (i > 0) b.add(new MaxPool(2, 2, 0));
            b.add(Conv.bn(filters[i], 3, 1, RELU));
            skips[i] = b.add(Conv.bn(filters[i], 3, 1, RELU));
        }
        b.add(new MaxPool(2, 2, 0));
        b.add(Conv.bn(128, 3, 1, RELU));
        int x = b.add(Conv.bn(128, 3, 1, RELU));
        for (int i = filters.length - 1; i >= 0; i--) x = block(b, x, skips[i], filters[i], null);
        b.add(headConv(cfg));
        return b.build(ModelSpec.Kind.SEGMENTATION);
    }

    private static String key(int depth, int layer) {
        return depth + "_" + layer;
    }

    private static String blockName(int depth, int layer) {
        return "decoder.blocks.x_" + key(depth, layer);
    }

    /**
     * Upsample {@code x} 2×, concat {@code skip} (-2 = none), two conv3×3-BN-ReLU; returns the last index.
     * {@code name}: smp's module path of the block (its convs are {@code conv1.0}/{@code conv1.1} ...), or null.
     */
    private static int block(ModelSpec.Builder b, int x, int skip, int out, String name) {
        int up = b.add(new Upsample(2), x);
        if (skip != -2) b.add(Route.concat(), up, skip);
        int c1 = b.add(Conv.bn(out, 3, 1, RELU));
        int c2 = b.add(Conv.bn(out, 3, 1, RELU));
        if (name != null) {
            b.torch(c1, name + ".conv1.0", name + ".conv1.1");
            b.torch(c2, name + ".conv2.0", name + ".conv2.1");
        }
        return c2;
    }

    private static void head(ModelSpec.Builder b, ModelConfig cfg) {
        b.torch(b.add(headConv(cfg)), "segmentation_head.0");
    }

    private static Conv headConv(ModelConfig cfg) {
        return new Conv(cfg.numClasses(), 3, 3, 1, 1, 1, 1, false, LINEAR, 1e-5f);
    }
}
