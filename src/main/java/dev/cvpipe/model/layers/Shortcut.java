package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Residual sum, then an activation. The output has the shape of the first input (darknet: the
 * previous layer). Other inputs are added the way darknet adds mismatched layers: only the channels
 * both have (missing ones count as 0, extra ones are ignored), and a larger input is sampled every
 * k-th pixel (pjreddie's resnet18/34 cfgs add a 64×64 map to a 32×32 one this way).
 */
public record Shortcut(Activation activation) implements Layer {
    @Override
    public String type() {
        return "shortcut";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        if (in.size() < 2) throw new IllegalArgumentException("shortcut needs at least two inputs");
        Shape3 out = in.get(0);
        for (Shape3 s : in.subList(1, in.size())) stride(s, out);
        return out;
    }

    /** How many pixels of {@code add} one output pixel steps over (1 when the sizes match). */
    private static int stride(Shape3 add, Shape3 out) {
        if (add.h() == out.h() && add.w() == out.w()) return 1;
        int s = add.h() / out.h();
        if (s > 1 && add.h() % out.h() == 0 && add.w() == out.w() * s) return s;
        throw new IllegalArgumentException("shortcut cannot add " + add + " to " + out + " (sizes must match or the added one be a whole multiple larger)");
    }

    @Override
    public double flops(List<Shape3> in, Shape3 out) {
        return (double) out.size() * (in.size() - 1);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        Shape3 out = in.get(0);
        return (f, xs) -> {
            Ops tf = f.tf();
            Operand<TFloat32> sum = xs.get(0);
            for (int i = 1; i < xs.size(); i++) sum = tf.math.add(sum, fit(tf, xs.get(i), in.get(i), out));
            return activation.apply(tf, sum);
        };
    }

    private static Operand<TFloat32> fit(Ops tf, Operand<TFloat32> x, Shape3 s, Shape3 out) {
        int k = stride(s, out);
        if (k > 1) {
            x = tf.stridedSlice(x, Indices.all(), Indices.slice(0, (long) out.h() * k, k), Indices.slice(0, (long) out.w() * k, k), Indices.all());
        }
        if (s.c() > out.c()) {
            x = tf.slice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, out.c()}));
        } else if (s.c() < out.c()) {
            x = tf.pad(x, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, out.c() - s.c()}}), tf.constant(0f));
        }
        return x;
    }
}
