package dev.cvpipe.train;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Segmentation losses over logits z [N,H,W,C] and per-pixel labels y [N,H,W]. Pixels labelled
 * {@link #IGNORE} count nowhere (v = [y != 255] below). Binary ({@code C = 1}): p = sigmoid(z),
 * t = [y == 1]. Multi-class: p = softmax(z) over C, t = onehot(y). Sums run over every pixel of
 * the batch, as segmentation_models.pytorch computes them.
 * <pre>
 *   bce  = sum v*(softplus(z) - z*t) / max(sum v, 1)          (= -t log p - (1-t) log(1-p), stably)
 *   ce   = sum v*(-sum_k t'_k log p_k) / max(sum v, 1),  t' = (1-s) t + s/C  (s = label smoothing)
 *   dice = mean over classes k of  [sum v t_k > 0] * (1 - 2 I_k / (S_k + eps)),
 *          I_k = sum v p_k t_k,  S_k = sum v (p_k + t_k),  eps = 1e-7
 *          (binary: the single foreground class; a class absent from the batch's truth adds 0, as smp's DiceLoss)
 *   dice+bce = 0.5 dice + 0.5 bce        dice+ce = 0.5 dice + 0.5 ce     (seed 003's JointLoss weights)
 * </pre>
 */
public record SegLoss(Kind kind, int classes, double labelSmoothing) implements TrainLoss {
    /** The label value of pixels that take no part in loss or metrics. */
    public static final int IGNORE = 255;
    static final float EPS = 1e-7f;

    public enum Kind {
        DICE_BCE("dice+bce"), DICE_CE("dice+ce"), BCE("bce"), CE("ce"), DICE("dice");

        public final String cli;

        Kind(String cli) {
            this.cli = cli;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) if (k.cli.equals(s.toLowerCase(Locale.ROOT))) return k;
            throw new IllegalArgumentException("--loss must be dice+bce, dice+ce, bce, ce or dice, got '" + s + "'");
        }
    }

    public SegLoss {
        boolean binary = classes == 1;
        if (binary && (kind == Kind.CE || kind == Kind.DICE_CE)) {
            throw new IllegalArgumentException("--loss " + kind.cli + " needs --classes >= 2 (softmax); with --classes 1 use dice+bce, bce or dice");
        }
        if (!binary && (kind == Kind.BCE || kind == Kind.DICE_BCE)) {
            throw new IllegalArgumentException("--loss " + kind.cli + " needs --classes 1 (sigmoid); with several classes use dice+ce, ce or dice");
        }
    }

    /** The default loss: dice+bce for binary (seed 003), dice+ce for several classes. */
    public static Kind defaultKind(int classes) {
        return classes == 1 ? Kind.DICE_BCE : Kind.DICE_CE;
    }

    @Override
    public Shape labelShape(int height, int width) {
        return Shape.of(-1, height, width);
    }

    @Override
    public Operand<TFloat32> trainLoss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
        return build(tf, logits, labels, labelSmoothing);
    }

    @Override
    public Operand<TFloat32> evalLoss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
        return build(tf, logits, labels, 0);
    }

    private Operand<TFloat32> build(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels, double smoothing) {
        int c = classes;
        Operand<TFloat32> z = tf.reshape(logits, tf.constant(new long[] {-1, c}));
        Operand<TInt32> y = tf.reshape(labels, tf.constant(new long[] {-1}));
        Operand<TFloat32> v = tf.dtypes.cast(tf.math.notEqual(y, tf.constant(IGNORE)), TFloat32.class);
        Operand<TFloat32> valid = tf.expandDims(v, tf.constant(-1)); // [P,1]
        Operand<TFloat32> count = tf.math.maximum(tf.reduceSum(v, tf.constant(0)), tf.constant(1f));
        Operand<TFloat32> t, p;
        if (c == 1) {
            Operand<TBool> fg = tf.math.equal(y, tf.constant(1));
            t = tf.expandDims(tf.dtypes.cast(fg, TFloat32.class), tf.constant(-1));
            p = tf.math.sigmoid(z);
        } else {
            t = tf.oneHot(y, tf.constant(c), tf.constant(1f), tf.constant(0f)); // ignored rows are all zero
            p = tf.nn.softmax(z);
        }
        Operand<TFloat32> loss = null;
        if (kind == Kind.BCE || kind == Kind.DICE_BCE) {
            Operand<TFloat32> perPixel = tf.math.sub(tf.math.softplus(z), tf.math.mul(z, t));
            loss = weighted(tf, kind == Kind.BCE ? 1f : 0.5f,
                    tf.math.div(tf.reduceSum(tf.math.mul(perPixel, valid), tf.constant(new int[] {0, 1})), count));
        }
        if (kind == Kind.CE || kind == Kind.DICE_CE) {
            Operand<TFloat32> target = smoothing > 0
                    ? tf.math.add(tf.math.mul(t, tf.constant((float) (1 - smoothing))), tf.constant((float) (smoothing / c)))
                    : t;
            Operand<TFloat32> perPixel = tf.nn.softmaxCrossEntropyWithLogits(z, target).loss();
            Operand<TFloat32> ce = tf.math.div(tf.reduceSum(tf.math.mul(perPixel, v), tf.constant(0)), count);
            loss = add(tf, loss, weighted(tf, kind == Kind.CE ? 1f : 0.5f, ce));
        }
        if (kind == Kind.DICE || kind == Kind.DICE_BCE || kind == Kind.DICE_CE) {
            Operand<TFloat32> pv = tf.math.mul(p, valid), tv = tf.math.mul(t, valid);
            Operand<TFloat32> inter = tf.reduceSum(tf.math.mul(pv, tv), tf.constant(0));            // [C]
            Operand<TFloat32> sums = tf.reduceSum(tf.math.add(pv, tv), tf.constant(0));             // [C]
            Operand<TFloat32> present = tf.dtypes.cast(tf.math.greater(tf.reduceSum(tv, tf.constant(0)), tf.constant(0f)), TFloat32.class);
            Operand<TFloat32> score = tf.math.div(tf.math.mul(tf.constant(2f), inter), tf.math.add(sums, tf.constant(EPS)));
            Operand<TFloat32> perClass = tf.math.mul(tf.math.sub(tf.constant(1f), score), present);
            Operand<TFloat32> dice = tf.math.mean(perClass, tf.constant(0));
            loss = add(tf, loss, weighted(tf, kind == Kind.DICE ? 1f : 0.5f, dice));
        }
        return loss;
    }

    private static Operand<TFloat32> weighted(Ops tf, float w, Operand<TFloat32> x) {
        return w == 1f ? x : tf.math.mul(tf.constant(w), x);
    }

    private static Operand<TFloat32> add(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
        return a == null ? b : tf.math.add(a, b);
    }
}
