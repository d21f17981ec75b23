package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/**
 * A head whose work happens in the loss or post-processing ([yolo], [region], [cost]): the graph
 * passes its input through unchanged and marks it as a network output.
 */
public record Passthrough(String type) implements Layer {
    @Override
    public Shape3 output(List<Shape3> in) {
        return Layer.single(type, in);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, x) -> f.tf().identity(x.get(0));
    }
}
