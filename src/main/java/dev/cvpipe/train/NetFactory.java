package dev.cvpipe.train;

import org.tensorflow.op.Ops;

/** Builds a named network's variables in a graph; the CLI's factory is the model library's {@code Models}. */
@FunctionalInterface
public interface NetFactory {
    TrainableNet create(Ops tf, String model, int classes, int height, int width, long seed);

    /** With {@code aux}, a network that has one (inception-v3) is built with its auxiliary head. */
    default TrainableNet create(Ops tf, String model, int classes, int height, int width, long seed, boolean aux) {
        if (aux) throw new IllegalArgumentException(model + " has no auxiliary head");
        return create(tf, model, classes, height, width, seed);
    }
}
