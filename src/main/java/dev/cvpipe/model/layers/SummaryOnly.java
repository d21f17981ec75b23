package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/**
 * A darknet layer whose shape, parameters and FLOPs are known but which cvpipe cannot build as
 * graph ops ([local], dilated or weight-sharing convs, tree softmax): summaries work, building a
 * graph fails with {@code reason}.
 */
public record SummaryOnly(String type, Shape3 out, long paramCount, double flopCount, String reason) implements Layer {
    @Override
    public Shape3 output(List<Shape3> in) {
        return out;
    }

    @Override
    public long params(List<Shape3> in) {
        return paramCount;
    }

    @Override
    public double flops(List<Shape3> in, Shape3 o) {
        return flopCount;
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        throw new IllegalArgumentException("[" + type + "] cannot be built as a TensorFlow graph: " + reason);
    }
}
