package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.op.Ops;

/**
 * Local average pooling with PyTorch's default {@code count_include_pad=True}: zero padding of
 * {@code pad} on each side, every window divides by size². FLOPs counted like darknet's maxpool.
 */
public record AvgPool(int size, int stride, int pad) implements Layer {
    public AvgPool {
        if (size < 1 || stride < 1 || pad < 0) throw new IllegalArgumentException("avgpool needs size, stride >= 1 and pad >= 0");
    }

    @Override
    public String type() {
        return "local_avg";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        Shape3 s = Layer.single("avgpool", in);
        long h = s.h() + 2L * pad, w = s.w() + 2L * pad;
        if (h < size || w < size) throw new IllegalArgumentException("avgpool " + size + " does not fit input " + s);
        return new Shape3(s.c(), Math.toIntExact((h - size) / stride + 1), Math.toIntExact((w - size) / stride + 1));
    }

    @Override
    public double flops(List<Shape3> in, Shape3 out) {
        return (double) size * size * out.size();
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        List<Long> k = List.of(1L, (long) size, (long) size, 1L);
        List<Long> s = List.of(1L, (long) stride, (long) stride, 1L);
        return (f, x) -> {
            Ops tf = f.tf();
            var y = x.get(0);
            if (pad > 0) y = tf.pad(y, tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), tf.constant(0f));
            return tf.nn.avgPool(y, k, s, "VALID");
        };
    }
}
