package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One layer type. The shape, parameter and FLOP arithmetic is plain Java (a summary never starts
 * TensorFlow); {@link #instantiate} creates the layer's variables once, and the returned
 * {@link Built} adds ops each time a forward pass is built, so a train branch and an eval branch
 * of one graph share the same variables.
 */
public interface Layer {
    /** Short name as darknet prints it: conv, max, avg, route, shortcut, upsample, yolo ... */
    String type();

    /** Output shape for these input shapes; throws IllegalArgumentException when they do not fit. */
    Shape3 output(List<Shape3> in);

    /** Trainable parameters (BN scale and offset counted, moving statistics not). */
    default long params(List<Shape3> in) {
        return 0;
    }

    /** FLOPs as AlexeyAB's darknet counts them (0 for layers it does not count). */
    default double flops(List<Shape3> in, Shape3 out) {
        return 0;
    }

    /** Creates this layer's variables (if any) and returns the op builder. */
    Built instantiate(Vars vars, List<Shape3> in);

    @FunctionalInterface
    interface Built {
        Operand<TFloat32> apply(Forward f, List<Operand<TFloat32>> in);
    }

    static Shape3 single(String type, List<Shape3> in) {
        if (in.size() != 1) throw new IllegalArgumentException(type + " reads one input, got " + in.size());
        return in.get(0);
    }
}
