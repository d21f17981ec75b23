package dev.cvpipe.train;

import org.tensorflow.op.Ops;

/** Builds a named network's variables in a graph; the CLI's factory is the model library's {@code Models}. */
@FunctionalInterface
public interface NetFactory {
    TrainableNet create(Ops tf, String model, int classes, int height, int width, long seed);
}
