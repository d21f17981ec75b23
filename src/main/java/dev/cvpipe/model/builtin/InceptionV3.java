package dev.cvpipe.model.builtin;

import static dev.cvpipe.model.layers.Activation.LINEAR;
import static dev.cvpipe.model.layers.Activation.RELU;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.layers.AvgPool;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.Dense;
import dev.cvpipe.model.layers.Dropout;
import dev.cvpipe.model.layers.GlobalAvgPool;
import dev.cvpipe.model.layers.MaxPool;
import dev.cvpipe.model.layers.Route;
import java.util.List;

/**
 * torchvision's Inception3 (Mixed_5b … Mixed_7c, AuxLogits after Mixed_6e when {@code aux}).
 * Every BasicConv2d is conv without bias + BN (eps 0.001) + ReLU; 299×299 is the native input, any
 * input from 75×75 up builds.
 */
public final class InceptionV3 {
    private InceptionV3() {}

    public static ModelSpec spec(String name, ModelConfig cfg) {
        ModelSpec.Builder b = new ModelSpec.Builder(name, cfg.inputHeight(), cfg.inputWidth(), cfg.channels());
        named(b, b.add(conv(32, 3, 3, 2, 0, 0)), "Conv2d_1a_3x3");
        named(b, b.add(conv(32, 3, 3, 1, 0, 0)), "Conv2d_2a_3x3");
        named(b, b.add(conv(64, 3, 3, 1, 1, 1)), "Conv2d_2b_3x3");
        b.add(new MaxPool(3, 2, 0));
        named(b, b.add(conv(80, 1, 1, 1, 0, 0)), "Conv2d_3b_1x1");
        named(b, b.add(conv(192, 3, 3, 1, 0, 0)), "Conv2d_4a_3x3");
        b.add(new MaxPool(3, 2, 0));
        inceptionA(b, 32, "Mixed_5b.");
        inceptionA(b, 64, "Mixed_5c.");
        inceptionA(b, 64, "Mixed_5d.");
        inceptionB(b, "Mixed_6a.");
        inceptionC(b, 128, "Mixed_6b.");
        inceptionC(b, 160, "Mixed_6c.");
        inceptionC(b, 160, "Mixed_6d.");
        int mixed6e = inceptionC(b, 192, "Mixed_6e.");
        int aux = -1;
        if (cfg.aux()) {
            if (b.shape(mixed6e).h() < 15 || b.shape(mixed6e).w() < 15) {
                throw new IllegalArgumentException("inception-v3's aux head needs Mixed_6e of at least 15×15 (input 267×267 or more), got "
                        + b.shape(mixed6e) + "; build it without the aux head (--no-aux) for smaller inputs");
            }
            b.add(new AvgPool(5, 3, 0), mixed6e);
            named(b, b.add(conv(128, 1, 1, 1, 0, 0)), "AuxLogits.conv0");
            named(b, b.add(conv(768, 5, 5, 1, 0, 0)), "AuxLogits.conv1");
            b.add(new GlobalAvgPool());
            aux = b.torch(b.add(new Dense(cfg.numClasses(), LINEAR)), "AuxLogits.fc");
        }
        inceptionD(b, mixed6e, "Mixed_7a.");
        inceptionE(b, "Mixed_7b.");
        inceptionE(b, "Mixed_7c.");
        b.add(new GlobalAvgPool());
        b.add(new Dropout(0.5f));
        int fc = b.torch(b.add(new Dense(cfg.numClasses(), LINEAR)), "fc");
        return b.build(ModelSpec.Kind.CLASSIFIER, fc, aux, List.of());
    }

    private static Conv conv(int filters, int kh, int kw, int stride, int ph, int pw) {
        return new Conv(filters, kh, kw, stride, ph, pw, 1, true, RELU, 1e-3f);
    }

    /** A BasicConv2d: torchvision names its parts {@code NAME.conv} and {@code NAME.bn}. */
    private static int named(ModelSpec.Builder b, int index, String name) {
        return b.torch(index, name + ".conv", name + ".bn");
    }

    /**
     * Adds convs in a chain starting from {@code from}, named {@code prefix + names[i]}
     * (one name per conv); returns the last index.
     */
    private static int chain(ModelSpec.Builder b, int from, String prefix, String names, Conv... convs) {
        String[] n = names.split(" ");
        if (n.length != convs.length) throw new IllegalStateException(names + " does not name " + convs.length + " convs");
        int x = from;
        for (int i = 0; i < convs.length; i++) x = named(b, b.add(convs[i], x), prefix + n[i]);
        return x;
    }

    private static int concat(ModelSpec.Builder b, int... branches) {
        return b.add(Route.concat(), branches);
    }

    private static int inceptionA(ModelSpec.Builder b, int poolFeatures, String p) {
        int in = b.last();
        int b1 = chain(b, in, p, "branch1x1", conv(64, 1, 1, 1, 0, 0));
        int b5 = chain(b, in, p, "branch5x5_1 branch5x5_2", conv(48, 1, 1, 1, 0, 0), conv(64, 5, 5, 1, 2, 2));
        int b3 = chain(b, in, p, "branch3x3dbl_1 branch3x3dbl_2 branch3x3dbl_3", conv(64, 1, 1, 1, 0, 0), conv(96, 3, 3, 1, 1, 1), conv(96, 3, 3, 1, 1, 1));
        int pool = b.add(new AvgPool(3, 1, 1), in);
        int bp = chain(b, pool, p, "branch_pool", conv(poolFeatures, 1, 1, 1, 0, 0));
        return concat(b, b1, b5, b3, bp);
    }

    private static int inceptionB(ModelSpec.Builder b, String p) {
        int in = b.last();
        int b3 = chain(b, in, p, "branch3x3", conv(384, 3, 3, 2, 0, 0));
        int bd = chain(b, in, p, "branch3x3dbl_1 branch3x3dbl_2 branch3x3dbl_3", conv(64, 1, 1, 1, 0, 0), conv(96, 3, 3, 1, 1, 1), conv(96, 3, 3, 2, 0, 0));
        int bp = b.add(new MaxPool(3, 2, 0), in);
        return concat(b, b3, bd, bp);
    }

    private static int inceptionC(ModelSpec.Builder b, int c7, String p) {
        int in = b.last();
        int b1 = chain(b, in, p, "branch1x1", conv(192, 1, 1, 1, 0, 0));
        int b7 = chain(b, in, p, "branch7x7_1 branch7x7_2 branch7x7_3", conv(c7, 1, 1, 1, 0, 0), conv(c7, 1, 7, 1, 0, 3), conv(192, 7, 1, 1, 3, 0));
        int bd = chain(b, in, p, "branch7x7dbl_1 branch7x7dbl_2 branch7x7dbl_3 branch7x7dbl_4 branch7x7dbl_5", conv(c7, 1, 1, 1, 0, 0), conv(c7, 7, 1, 1, 3, 0), conv(c7, 1, 7, 1, 0, 3),
                conv(c7, 7, 1, 1, 3, 0), conv(192, 1, 7, 1, 0, 3));
        int pool = b.add(new AvgPool(3, 1, 1), in);
        int bp = chain(b, pool, p, "branch_pool", conv(192, 1, 1, 1, 0, 0));
        return concat(b, b1, b7, bd, bp);
    }

    private static int inceptionD(ModelSpec.Builder b, int in, String p) {
        int b3 = chain(b, in, p, "branch3x3_1 branch3x3_2", conv(192, 1, 1, 1, 0, 0), conv(320, 3, 3, 2, 0, 0));
        int b7 = chain(b, in, p, "branch7x7x3_1 branch7x7x3_2 branch7x7x3_3 branch7x7x3_4", conv(192, 1, 1, 1, 0, 0), conv(192, 1, 7, 1, 0, 3), conv(192, 7, 1, 1, 3, 0),
                conv(192, 3, 3, 2, 0, 0));
        int bp = b.add(new MaxPool(3, 2, 0), in);
        return concat(b, b3, b7, bp);
    }

    private static int inceptionE(ModelSpec.Builder b, String p) {
        int in = b.last();
        int b1 = chain(b, in, p, "branch1x1", conv(320, 1, 1, 1, 0, 0));
        int b3 = chain(b, in, p, "branch3x3_1", conv(384, 1, 1, 1, 0, 0));
        int b3a = chain(b, b3, p, "branch3x3_2a", conv(384, 1, 3, 1, 0, 1));
        int b3b = chain(b, b3, p, "branch3x3_2b", conv(384, 3, 1, 1, 1, 0));
        int bd = chain(b, in, p, "branch3x3dbl_1 branch3x3dbl_2", conv(448, 1, 1, 1, 0, 0), conv(384, 3, 3, 1, 1, 1));
        int bda = chain(b, bd, p, "branch3x3dbl_3a", conv(384, 1, 3, 1, 0, 1));
        int bdb = chain(b, bd, p, "branch3x3dbl_3b", conv(384, 3, 1, 1, 1, 0));
        int pool = b.add(new AvgPool(3, 1, 1), in);
        int bp = chain(b, pool, p, "branch_pool", conv(192, 1, 1, 1, 0, 0));
        return concat(b, b1, b3a, b3b, bda, bdb, bp);
    }
}
