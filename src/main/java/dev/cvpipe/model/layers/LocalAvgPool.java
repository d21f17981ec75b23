package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * AlexeyAB's [local_avgpool]: the window and padding rules of darknet's maxpool (padding in total,
 * half before), averaging only the pixels inside the image.
 */
public record LocalAvgPool(int size, int stride, int padding) implements Layer {
    public LocalAvgPool {
        if (size < 1 || stride < 1 || padding < 0) throw new IllegalArgumentException("local_avgpool needs size, stride >= 1 and padding >= 0");
    }

    @Override
    public String type() {
        return "local_avg";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        return new MaxPool(size, stride, padding).output(in);
    }

    @Override
    public double flops(List<Shape3> in, Shape3 out) {
        return (double) size * size * out.size();
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        Shape3 s = in.get(0);
        int a = padding / 2, b = padding - a;
        List<Long> k = List.of(1L, (long) size, (long) size, 1L);
        List<Long> st = List.of(1L, (long) stride, (long) stride, 1L);
        return (f, x) -> {
            Ops tf = f.tf();
            Operand<org.tensorflow.types.TInt32> pads = tf.constant(new int[][] {{0, 0}, {a, b}, {a, b}, {0, 0}});
            Operand<TFloat32> sum = tf.nn.avgPool(tf.pad(x.get(0), pads, tf.constant(0f)), k, st, "VALID");
            // the share of each window that lies inside the image, from a ones image of the same size
            Operand<TFloat32> ones = tf.fill(tf.constant(new int[] {1, s.h(), s.w(), 1}), tf.constant(1f));
            Operand<TFloat32> inside = tf.nn.avgPool(tf.pad(ones, pads, tf.constant(0f)), k, st, "VALID");
            return tf.math.div(sum, inside);
        };
    }
}
