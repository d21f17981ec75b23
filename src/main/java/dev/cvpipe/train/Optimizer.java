package dev.cvpipe.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
     * Variables that share a learning-rate multiplier and, for Adam, one bias-correction step count
     * (its own beta powers, {@code PREFIXbeta1_power}): a group a step leaves out does not age, so a
     * backbone frozen for some epochs starts Adam afresh when it thaws, as PyTorch's per-parameter
     * state does for parameters that had no gradient.
     *
     * @param indices positions in {@code net.trainableVariables()}
     */
    public record Group(String prefix, double lrMult, List<Integer> indices) {}

    /**
     * Adds the update ops for one step of every trainable variable (one group, lr as fed) and returns
     * a single op that runs them all (plus {@code extra}, e.g. BN moving averages).
     */
    public Op build(Ops root, TrainableNet net, Output<?>[] grads, Operand<TFloat32> lr, List<Op> extra) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < grads.length; i++) all.add(i);
        return slots(root, net, List.of(new Group("", 1, all))).step("train_step", grads, lr, extra);
    }

    /** Creates the slot variables of {@code groups} (which together hold every trainable variable once). */
    public Slots slots(Ops root, TrainableNet net, List<Group> groups) {
        return new Slots(root.withSubScope("optimizer"), net, groups);
    }

    /** The optimizer's variables for a network; {@link #step} builds update ops over them. */
    public final class Slots {
        private final Ops scope;
        private final TrainableNet net;
        private final List<Variable<TFloat32>> vars;
        private final List<Group> groups;
        private final Map<Group, Variable<TFloat32>[]> powers = new HashMap<>();
        private final Map<Integer, List<Variable<TFloat32>>> slots = new HashMap<>();

        @SuppressWarnings("unchecked")
        private Slots(Ops scope, TrainableNet net, List<Group> groups) {
            this.scope = scope;
            this.net = net;
            this.vars = net.trainableVariables();
            this.groups = groups;
            Ops init = scope.withInitScope();
            for (Group g : groups) {
                if (kind != Kind.SGD) {
                    powers.put(g, new Variable[] {
                            scope.withName(g.prefix() + "beta1_power").variable(init.constant((float) beta1)),
                            scope.withName(g.prefix() + "beta2_power").variable(init.constant((float) beta2))});
                }
                for (int i : g.indices()) {
                    Variable<TFloat32> v = vars.get(i);
                    String slot = "v" + i;
                    if (kind == Kind.SGD) {
                        slots.put(i, momentum == 0 ? List.of() : List.of(scope.withName(slot + "_momentum").variable(zeros(init, v))));
                    } else {
                        slots.put(i, List.of(scope.withName(slot + "_m").variable(zeros(init, v)),
                                scope.withName(slot + "_v").variable(zeros(init, v))));
                    }
                }
            }
        }

        /**
         * One optimizer step named {@code name}: updates every variable whose gradient is not null
         * ({@code grads} indexed like {@code net.trainableVariables()}), advances the beta powers of
         * the groups it touches, and runs {@code extra} too. {@code lr} is fed per step.
         */
        public Op step(String name, Output<?>[] grads, Operand<TFloat32> lr, List<Op> extra) {
            // Reading a ref variable through Identity aliases its buffer, so an update may race with
            // backprop ops still reading the old weights (one layer's filter gradient is ready before
            // the layers below have used its kernel). Every update therefore waits for every gradient:
            // without this, two identical runs drift apart after the first step.
            List<Op> gradOps = new ArrayList<>();
            Map<Integer, Operand<TFloat32>> gradients = new HashMap<>();
            for (int i = 0; i < grads.length; i++) {
                if (grads[i] == null) continue;
                @SuppressWarnings("unchecked")
                Operand<TFloat32> gf = scope.identity((Operand<TFloat32>) grads[i]);
                gradOps.add((Op) gf);
                gradients.put(i, gf);
            }
            Ops tf = scope.withControlDependencies(gradOps);
            List<Op> all = new ArrayList<>();
            for (Group group : groups) {
                List<Op> updates = new ArrayList<>();
                Operand<TFloat32> groupLr = group.lrMult() == 1 ? lr : tf.math.mul(lr, tf.constant((float) group.lrMult()));
                Variable<TFloat32>[] p = powers.get(group);
                for (int i : group.indices()) {
                    Operand<TFloat32> g = gradients.get(i);
                    if (g != null) updates.add(update(tf, i, g, groupLr, p));
                }
                all.addAll(updates);
                if (p != null && !updates.isEmpty()) {
                    // ApplyAdam reads beta^t but does not advance it: advance after every apply has read it.
                    Ops after = tf.withControlDependencies(updates);
                    all.add(after.assign(p[0], after.math.mul(p[0], tf.constant((float) beta1))));
                    all.add(after.assign(p[1], after.math.mul(p[1], tf.constant((float) beta2))));
                }
            }
            all.addAll(extra);
            return tf.withControlDependencies(all).withName(name).noOp();
        }

        private Op update(Ops tf, int i, Operand<TFloat32> g, Operand<TFloat32> lr, Variable<TFloat32>[] p) {
            Variable<TFloat32> v = vars.get(i);
            List<Variable<TFloat32>> s = slots.get(i);
            boolean decays = weightDecay > 0 && net.decays(v);
            Operand<TFloat32> wd = tf.constant((float) weightDecay);
            if (decays && kind != Kind.ADAMW) g = tf.math.add(g, tf.math.mul(wd, tf.identity(v)));
            Ops vtf = tf;
            if (decays && kind == Kind.ADAMW) {
                // Decoupled decay reads w before the Adam step writes it: order them explicitly.
                Op decay = tf.assignSub(v, tf.math.mul(tf.math.mul(lr, wd), tf.identity(v)));
                vtf = tf.withControlDependencies(List.of(decay));
            }
            if (kind == Kind.SGD) {
                if (s.isEmpty()) return vtf.train.applyGradientDescent(v, lr, g);
                return vtf.train.applyMomentum(v, s.get(0), lr, g, tf.constant((float) momentum), ApplyMomentum.useNesterov(nesterov));
            }
            return vtf.train.applyAdam(v, s.get(0), s.get(1), p[0], p[1], lr,
                    tf.constant((float) beta1), tf.constant((float) beta2), tf.constant((float) epsilon), g);
        }
    }

    private static Operand<TFloat32> zeros(Ops init, Variable<TFloat32> like) {
        return init.fill(init.constant(like.shape()), init.constant(0f));
    }
}
