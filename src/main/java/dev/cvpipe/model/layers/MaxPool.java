package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.op.Ops;

/**
 * Max pooling with darknet's padding rule: {@code padding} extra rows/columns in total, half
 * (rounded down) before and the rest after, filled with -FLT_MAX; out = (h + padding − size)/stride + 1.
 * PyTorch's symmetric {@code padding=p} is {@code padding = 2p} here.
 */
public record MaxPool(int size, int stride, int padding) implements Layer {
    public MaxPool {
        if (size < 1 || stride < 1 || padding < 0) throw new IllegalArgumentException("maxpool needs size, stride >= 1 and padding >= 0");
    }

    @Override
    public String type() {
        return "max";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        Shape3 s = Layer.single("maxpool", in);
        long h = (long) s.h() + padding, w = (long) s.w() + padding;
        if (h < size || w < size) throw new IllegalArgumentException("maxpool " + size + " does not fit input " + s);
        return new Shape3(s.c(), Math.toIntExact((h - size) / stride + 1), Math.toIntExact((w - size) / stride + 1));
    }

    @Override
    public double flops(List<Shape3> in, Shape3 out) {
        return (double) size * size * out.size();
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, x) -> {
            Ops tf = f.tf();
            var y = x.get(0);
            if (padding > 0) {
                int a = padding / 2, b = padding - a;
                y = tf.pad(y, tf.constant(new int[][] {{0, 0}, {a, b}, {a, b}, {0, 0}}), tf.constant(-Float.MAX_VALUE));
            }
            return tf.nn.maxPool(y, tf.constant(new int[] {1, size, size, 1}), tf.constant(new int[] {1, stride, stride, 1}), "VALID");
        };
    }
}
