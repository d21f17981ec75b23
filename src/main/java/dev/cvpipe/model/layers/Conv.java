package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Convolution (+ batch norm + activation). Padding is symmetric like darknet and PyTorch, done with
 * {@code tf.pad} and VALID because TF's SAME pads stride-2 convs asymmetrically and Conv2D's explicit
 * paddings break its gradient. A conv has a bias only without batch norm (BN's offset plays that role).
 * Weights are HWIO; groups > 1 run as a depthwise conv when groups = Cin = Cout, else per group.
 */
public record Conv(int filters, int kh, int kw, int stride, int padH, int padW, int groups,
                   boolean batchNorm, Activation activation, float bnEpsilon) implements Layer {

    public Conv {
        if (filters < 1 || kh < 1 || kw < 1 || stride < 1 || groups < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("convolution needs filters, size, stride, groups >= 1 and padding >= 0");
        }
        if (filters % groups != 0) throw new IllegalArgumentException("filters=" + filters + " is not a multiple of groups=" + groups);
    }

    /** Square kernel, PyTorch-style "same" padding for odd sizes, BN, eps 1e-5. */
    public static Conv bn(int filters, int size, int stride, Activation act) {
        return new Conv(filters, size, size, stride, size / 2, size / 2, 1, true, act, 1e-5f);
    }

    @Override
    public String type() {
        return "conv";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        Shape3 s = Layer.single("conv", in);
        if (s.c() % groups != 0) throw new IllegalArgumentException("input channels " + s.c() + " are not a multiple of groups=" + groups);
        long h = s.h() + 2L * padH, w = s.w() + 2L * padW;
        if (h < kh || w < kw) {
            throw new IllegalArgumentException("conv " + kh + "x" + kw + " does not fit input " + s);
        }
        return new Shape3(filters, Math.toIntExact((h - kh) / stride + 1), Math.toIntExact((w - kw) / stride + 1));
    }

    public long kernelParams(Shape3 in) {
        return Math.multiplyExact(Math.multiplyExact((long) kh * kw, in.c() / groups), (long) filters);
    }

    @Override
    public long params(List<Shape3> in) {
        return kernelParams(in.get(0)) + (batchNorm ? 2L * filters : filters);
    }

    @Override
    public double flops(List<Shape3> in, Shape3 out) {
        return 2.0 * kernelParams(in.get(0)) * out.h() * out.w();
    }

    /** The variables of one instantiated conv, in the order darknet's .weights stores them. */
    public record Weights(Variable<TFloat32> kernel, Variable<TFloat32> bias, Variable<TFloat32> scale,
                          Variable<TFloat32> offset, Variable<TFloat32> movingMean, Variable<TFloat32> movingVariance) {}

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        Weights w = createWeights(vars, in.get(0));
        return (f, x) -> apply(f, w, x.get(0));
    }

    public Weights createWeights(Vars vars, Shape3 in) {
        int cin = in.c() / groups;
        long fanIn = (long) kh * kw * cin;
        Init init = activation == Activation.LINEAR || activation == Activation.LOGISTIC ? Init.GLOROT : Init.HE;
        Variable<TFloat32> kernel = vars.create("kernel", Vars.Role.KERNEL, init, fanIn, (long) kh * kw * filters, kh, kw, cin, filters);
        if (!batchNorm) {
            return new Weights(kernel, vars.create("bias", Vars.Role.BIAS, Init.ZEROS, 0, 0, filters), null, null, null, null);
        }
        return new Weights(kernel, null,
                vars.create("bn_scale", Vars.Role.BN_SCALE, Init.ONES, 0, 0, filters),
                vars.create("bn_offset", Vars.Role.BN_OFFSET, Init.ZEROS, 0, 0, filters),
                vars.create("bn_mean", Vars.Role.MOVING, Init.ZEROS, 0, 0, filters),
                vars.create("bn_variance", Vars.Role.MOVING, Init.ONES, 0, 0, filters));
    }

    Operand<TFloat32> apply(Forward f, Weights w, Operand<TFloat32> x) {
        Ops tf = f.tf();
        if (padH > 0 || padW > 0) x = zeroPad(tf, x);
        Operand<TFloat32> y;
        if (batchNorm && f.foldBatchNorm()) {
            // BN(conv(x, k)) = conv(x, k*s) + (offset - mean*s) with s = scale/sqrt(var+eps): one
            // conv + BiasAdd, which oneDNN fuses with the activation in bf16 too. The folded kernel
            // is recomputed each run from the variables (O(params), negligible next to the conv).
            Operand<TFloat32> s = tf.math.mul(f.read(w.scale()),
                    tf.math.rsqrt(tf.math.add(f.read(w.movingVariance()), tf.constant(bnEpsilon))));
            Operand<TFloat32> bias = tf.math.sub(f.read(w.offset()), tf.math.mul(f.read(w.movingMean()), s));
            // HWIO: the output channel is the last axis, so s broadcasts over it.
            y = tf.nn.biasAdd(convolve(tf, x, tf.math.mul(f.read(w.kernel()), s)), bias);
        } else {
            y = convolve(tf, x, f.read(w.kernel()));
            if (batchNorm) y = BatchNorm.apply(f, y, w, bnEpsilon);
            else y = tf.nn.biasAdd(y, f.read(w.bias()));
        }
        return activation.apply(tf, y);
    }

    /**
     * Zero padding through the raw {@code Pad} op (V1): oneDNN fuses it into the following conv
     * ({@code _MklNativePadWithFusedConv2D}), while {@code tf.pad}'s PadV2 stays a separate pass over
     * the activations (measured 2-4 % of ResNet-50 inference). Same values, same gradient.
     */
    private Operand<TFloat32> zeroPad(Ops tf, Operand<TFloat32> x) {
        Operand<TInt32> paddings = tf.constant(new int[][] {{0, 0}, {padH, padH}, {padW, padW}, {0, 0}});
        return tf.scope().opBuilder("Pad", "Pad").addInput(x.asOutput()).addInput(paddings.asOutput()).build().output(0);
    }

    private Operand<TFloat32> convolve(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel) {
        List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
        if (groups == 1) return tf.nn.conv2d(x, kernel, strides, "VALID");
        long cin = x.shape().size(3);
        if (groups == cin && filters == cin) {
            // HWIO with I = 1 per group is HW(C)(1) for depthwise: same memory order, new shape.
            Operand<TFloat32> dk = tf.reshape(kernel, tf.constant(new long[] {kh, kw, filters, 1}));
            return tf.nn.depthwiseConv2dNative(x, dk, strides, "VALID");
        }
        List<Operand<TFloat32>> parts = new ArrayList<>();
        var xs = tf.split(tf.constant(3), x, (long) groups);
        var ks = tf.split(tf.constant(3), kernel, (long) groups);
        for (int g = 0; g < groups; g++) parts.add(tf.nn.conv2d(xs.output().get(g), ks.output().get(g), strides, "VALID"));
        return tf.concat(parts, tf.constant(3));
    }
}
