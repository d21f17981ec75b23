package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Elementwise sum of equally shaped outputs (residual connection), then an activation. */
public record Shortcut(Activation activation) implements Layer {
    @Override
    public String type() {
        return "shortcut";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        if (in.size() < 2) throw new IllegalArgumentException("shortcut needs at least two inputs");
        for (Shape3 s : in) {
            if (!s.equals(in.get(0))) throw new IllegalArgumentException("shortcut adds outputs of different shapes: " + in.get(0) + " and " + s);
        }
        return in.get(0);
    }

    @Override
    public double flops(List<Shape3> in, Shape3 out) {
        return (double) out.size() * (in.size() - 1);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, xs) -> {
            Operand<TFloat32> sum = xs.get(0);
            for (int i = 1; i < xs.size(); i++) sum = f.tf().math.add(sum, xs.get(i));
            return activation.apply(f.tf(), sum);
        };
    }
}
