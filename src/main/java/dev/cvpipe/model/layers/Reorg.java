package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/**
 * Darknet's [reorg]: stride×stride blocks of pixels move into channels (TF SpaceToDepth; the
 * channel order differs from darknet's own reorg, the shape does not).
 */
public record Reorg(int stride) implements Layer {
    public Reorg {
        if (stride < 1) throw new IllegalArgumentException("reorg stride must be >= 1, got " + stride);
    }

    @Override
    public String type() {
        return "reorg";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        Shape3 s = Layer.single("reorg", in);
        if (s.h() % stride != 0 || s.w() % stride != 0) throw new IllegalArgumentException("reorg stride " + stride + " does not divide " + s);
        return new Shape3(Math.multiplyExact(s.c(), Math.multiplyExact(stride, stride)), s.h() / stride, s.w() / stride);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, x) -> f.tf().nn.spaceToDepth(x.get(0), (long) stride);
    }
}
