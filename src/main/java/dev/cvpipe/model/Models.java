package dev.cvpipe.model;

import dev.cvpipe.model.builtin.CnnSmall;
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
    }

    private Models() {}

    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    public static boolean exists(String name) {
        return BUILT_IN.containsKey(name.toLowerCase(Locale.ROOT));
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
