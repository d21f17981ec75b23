package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/** Darknet's {@code stopbackward=1}: the wrapped layer works as usual, but no gradient flows back through it. */
public record StopGradient(Layer inner) implements Layer {
    @Override
    public String type() {
        return inner.type();
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        return inner.output(in);
    }

    @Override
    public long params(List<Shape3> in) {
        return inner.params(in);
    }

    @Override
    public double flops(List<Shape3> in, Shape3 out) {
        return inner.flops(in, out);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        Built b = inner.instantiate(vars, in);
        return (f, x) -> f.tf().stopGradient(b.apply(f, x));
    }
}
