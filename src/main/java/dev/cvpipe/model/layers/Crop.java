package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/** Darknet's [crop] as a central crop to height×width (darknet crops randomly while training; cvpipe always centres). */
public record Crop(int height, int width) implements Layer {
    @Override
    public String type() {
        return "crop";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        Shape3 s = Layer.single("crop", in);
        if (height < 1 || width < 1 || height > s.h() || width > s.w()) {
            throw new IllegalArgumentException("crop " + height + "x" + width + " does not fit input " + s);
        }
        return new Shape3(s.c(), height, width);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        Shape3 s = in.get(0);
        int top = (s.h() - height) / 2, left = (s.w() - width) / 2;
        return (f, x) -> f.tf().slice(x.get(0), f.tf().constant(new int[] {0, top, left, 0}),
                f.tf().constant(new int[] {-1, height, width, s.c()}));
    }
}
