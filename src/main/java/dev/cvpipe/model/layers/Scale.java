package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/**
 * Elementwise product of two outputs, then an activation: darknet's [sam] (equal shapes) and
 * [scale_channels] (a C×1×1 attention vector times a C×H×W map, broadcast over H and W).
 */
public record Scale(String type, Activation activation) implements Layer {
    @Override
    public Shape3 output(List<Shape3> in) {
        if (in.size() != 2) throw new IllegalArgumentException(type + " multiplies two outputs, got " + in.size());
        Shape3 a = in.get(0), b = in.get(1);
        if (a.c() != b.c()) throw new IllegalArgumentException(type + " multiplies outputs with different channels: " + a + " and " + b);
        boolean aOne = a.h() == 1 && a.w() == 1, bOne = b.h() == 1 && b.w() == 1;
        if (a.equals(b) || aOne || bOne) return aOne ? b : a;
        throw new IllegalArgumentException(type + " multiplies outputs of different sizes: " + a + " and " + b);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, x) -> activation.apply(f.tf(), f.tf().math.mul(x.get(0), x.get(1)));
    }
}
