package dev.cvpipe.model;

import dev.cvpipe.model.builtin.CnnSmall;
import dev.cvpipe.model.builtin.Darknet53;
import dev.cvpipe.model.builtin.InceptionV3;
import dev.cvpipe.model.builtin.ResNet;
import dev.cvpipe.model.builtin.UNet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.tensorflow.op.Ops;

/**
 * The built-in models by name. {@link #spec} works without TensorFlow (summaries);
 * {@link #create} builds the variables in a graph and returns the {@link Network}.
 */
public final class Models {
    private static final Map<String, BiFunction<String, ModelConfig, ModelSpec>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("cnn-small", CnnSmall::spec);
        BUILT_IN.put("resnet18", (n, c) -> ResNet.spec(n, c, 18));
        BUILT_IN.put("resnet34", (n, c) -> ResNet.spec(n, c, 34));
        BUILT_IN.put("resnet50", (n, c) -> ResNet.spec(n, c, 50));
        BUILT_IN.put("resnet101", (n, c) -> ResNet.spec(n, c, 101));
        BUILT_IN.put("inception-v3", InceptionV3::spec);
        BUILT_IN.put("darknet53", Darknet53::spec);
        BUILT_IN.put("unet-resnet34", UNet::unet);
        BUILT_IN.put("unetpp-resnet34", UNet::unetPlusPlus);
        BUILT_IN.put("unet-small", UNet::unetSmall);
    }

    private Models() {}

    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    public static boolean exists(String name) {
        return BUILT_IN.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The input a model is usually trained at (side of a square): 299 for inception-v3, 256 for darknet53, 32 for cnn-small, 64 for unet-small, else 224. */
    public static int defaultInput(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "inception-v3" -> 299;
            case "darknet53" -> 256;
            case "cnn-small" -> 32;
            case "unet-small" -> 64;
            default -> 224;
        };
    }

    /** The layer list, shapes, parameter and FLOP counts of a built-in model (no TensorFlow involved). */
    public static ModelSpec spec(String name, ModelConfig cfg) {
        var f = BUILT_IN.get(name.toLowerCase(Locale.ROOT));
        if (f == null) throw new IllegalArgumentException("unknown model '" + name + "' (built-in: " + String.join(", ", names()) + ")");
        return f.apply(name.toLowerCase(Locale.ROOT), cfg);
    }

    /** Builds a built-in model's variables into the graph behind {@code tf}; see {@link Network} for initialising. */
    public static Network create(Ops tf, String name, ModelConfig cfg) {
        return new Network(tf, spec(name, cfg), cfg.seed());
    }
}
