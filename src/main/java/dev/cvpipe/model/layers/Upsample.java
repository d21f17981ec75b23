package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/** Nearest-neighbour upsampling by an integer factor (each pixel becomes stride×stride). */
public record Upsample(int stride) implements Layer {
    public Upsample {
        if (stride < 1) throw new IllegalArgumentException("upsample stride must be >= 1 (downsampling is not supported), got " + stride);
    }

    @Override
    public String type() {
        return "upsample";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        Shape3 s = Layer.single("upsample", in);
        return new Shape3(s.c(), Math.multiplyExact(s.h(), stride), Math.multiplyExact(s.w(), stride));
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        Shape3 out = output(in);
        return (f, x) -> f.tf().image.resizeNearestNeighbor(x.get(0), f.tf().constant(new int[] {out.h(), out.w()}));
    }
}
