package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/** Softmax over channels of logits divided by {@code temperature} (darknet [softmax] with groups=1). */
public record Softmax(float temperature) implements Layer {
    @Override
    public String type() {
        return "softmax";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        return Layer.single("softmax", in);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, x) -> f.tf().nn.softmax(temperature == 1f ? x.get(0) : f.tf().math.div(x.get(0), f.tf().constant(temperature)));
    }
}
