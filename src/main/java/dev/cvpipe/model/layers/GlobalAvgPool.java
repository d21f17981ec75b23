package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.op.math.Mean;

/** Global average pooling to C×1×1 (darknet's [avgpool], PyTorch's AdaptiveAvgPool2d(1)). */
public record GlobalAvgPool() implements Layer {
    @Override
    public String type() {
        return "avg";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        return new Shape3(Layer.single("avgpool", in).c(), 1, 1);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, x) -> f.tf().math.mean(x.get(0), f.tf().constant(new int[] {1, 2}), Mean.keepDims(true));
    }
}
