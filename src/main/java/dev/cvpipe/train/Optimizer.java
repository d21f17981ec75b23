package dev.cvpipe.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * Optimizers as TensorFlow ops over ref variables, with PyTorch's meaning of weight decay:
 * {@code sgd} and {@code adam} add {@code wd*w} to the gradient (L2, coupled), {@code adamw}
 * shrinks {@code w} by {@code lr*wd*w} before the Adam step (decoupled, Loshchilov and Hutter).
 * Adam's epsilon is TF's: added to sqrt(v) before bias correction (PyTorch adds it after);
 * with the default 1e-8 the difference is below float noise except in the very first steps.
 */
public record Optimizer(Kind kind, double weightDecay, double momentum, boolean nesterov,
                        double beta1, double beta2, double epsilon) {

    public enum Kind {
        SGD, ADAM, ADAMW;

        public static Kind parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--optimizer must be adamw, adam or sgd, got '" + s + "'");
            }
        }

        public String cli() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Adds the update ops for one step and returns a single op that runs them all (plus
     * {@code extra}, e.g. BN moving averages). {@code lr} is fed per step.
     */
    public Op build(Ops root, TrainableNet net, Output<?>[] grads, Operand<TFloat32> lr, List<Op> extra) {
        Ops scope = root.withSubScope("optimizer");
        List<Variable<TFloat32>> vars = net.trainableVariables();
        // Reading a ref variable through Identity aliases its buffer, so an update may race with
        // backprop ops still reading the old weights (one layer's filter gradient is ready before
        // the layers below have used its kernel). Every update therefore waits for every gradient:
        // without this, two identical runs drift apart after the first step.
        List<Op> gradOps = new ArrayList<>();
        List<Operand<TFloat32>> gradients = new ArrayList<>();
        for (Output<?> g : grads) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gf = scope.identity((Operand<TFloat32>) g);
            gradOps.add((Op) gf);
            gradients.add(gf);
        }
        Ops tf = scope.withControlDependencies(gradOps);
        List<Op> updates = new ArrayList<>();
        Operand<TFloat32> wd = tf.constant((float) weightDecay);
        Variable<TFloat32> b1Power = null, b2Power = null;
        if (kind != Kind.SGD) {
            b1Power = tf.withName("beta1_power").variable(tf.withInitScope().constant((float) beta1));
            b2Power = tf.withName("beta2_power").variable(tf.withInitScope().constant((float) beta2));
        }
        for (int i = 0; i < vars.size(); i++) {
            Variable<TFloat32> v = vars.get(i);
            Operand<TFloat32> g = gradients.get(i);
            boolean decays = weightDecay > 0 && net.decays(v);
            String slot = "v" + i;
            if (decays && kind != Kind.ADAMW) g = tf.math.add(g, tf.math.mul(wd, tf.identity(v)));
            Ops vtf = tf;
            if (decays && kind == Kind.ADAMW) {
                // Decoupled decay reads w before the Adam step writes it: order them explicitly.
                Op decay = tf.assignSub(v, tf.math.mul(tf.math.mul(lr, wd), tf.identity(v)));
                vtf = tf.withControlDependencies(List.of(decay));
            }
            Ops init = tf.withInitScope();
            if (kind == Kind.SGD) {
                if (momentum == 0) {
                    updates.add(vtf.train.applyGradientDescent(v, lr, g));
                } else {
                    Variable<TFloat32> acc = tf.withName(slot + "_momentum").variable(zeros(init, v));
                    updates.add(vtf.train.applyMomentum(v, acc, lr, g, tf.constant((float) momentum),
                            ApplyMomentum.useNesterov(nesterov)));
                }
            } else {
                Variable<TFloat32> m = tf.withName(slot + "_m").variable(zeros(init, v));
                Variable<TFloat32> s = tf.withName(slot + "_v").variable(zeros(init, v));
                updates.add(vtf.train.applyAdam(v, m, s, b1Power, b2Power, lr,
                        tf.constant((float) beta1), tf.constant((float) beta2), tf.constant((float) epsilon), g));
            }
        }
        List<Op> all = new ArrayList<>(updates);
        if (b1Power != null) {
            // ApplyAdam reads beta^t but does not advance it: advance after every apply has read it.
            Ops after = tf.withControlDependencies(updates);
            all.add(after.assign(b1Power, after.math.mul(b1Power, tf.constant((float) beta1))));
            all.add(after.assign(b2Power, after.math.mul(b2Power, tf.constant((float) beta2))));
        }
        all.addAll(extra);
        return tf.withControlDependencies(all).withName("train_step").noOp();
    }

    private static Operand<TFloat32> zeros(Ops init, Variable<TFloat32> like) {
        return init.fill(init.constant(like.shape()), init.constant(0f));
    }
}
