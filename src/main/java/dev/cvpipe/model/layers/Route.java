package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Concatenation along channels (darknet [route], torch.cat). With {@code groups > 1} each input
 * contributes only its channel slice number {@code groupId} of {@code groups}, as in darknet.
 */
public record Route(int groups, int groupId) implements Layer {
    public Route {
        if (groups < 1 || groupId < 0 || groupId >= groups) {
            throw new IllegalArgumentException("route needs groups >= 1 and 0 <= group_id < groups, got groups=" + groups + " group_id=" + groupId);
        }
    }

    public static Route concat() {
        return new Route(1, 0);
    }

    @Override
    public String type() {
        return "route";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        if (in.isEmpty()) throw new IllegalArgumentException("route needs at least one layer");
        int c = 0;
        Shape3 first = in.get(0);
        for (Shape3 s : in) {
            if (s.h() != first.h() || s.w() != first.w()) {
                throw new IllegalArgumentException("route joins outputs of different sizes: " + first + " and " + s);
            }
            if (s.c() % groups != 0) throw new IllegalArgumentException("route input " + s + " channels are not a multiple of groups=" + groups);
            c = Math.addExact(c, s.c() / groups);
        }
        return new Shape3(c, first.h(), first.w());
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, xs) -> {
            Ops tf = f.tf();
            List<Operand<TFloat32>> parts = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                Operand<TFloat32> x = xs.get(i);
                if (groups > 1) {
                    int part = in.get(i).c() / groups;
                    x = tf.slice(x, tf.constant(new int[] {0, 0, 0, groupId * part}), tf.constant(new int[] {-1, -1, -1, part}));
                }
                parts.add(x);
            }
            return parts.size() == 1 ? tf.identity(parts.get(0)) : tf.concat(parts, tf.constant(3));
        };
    }
}
