package dev.cvpipe.model.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;

/**
 * Creates a network's variables with seeded initialisers (run by {@code Session.initialize()}) and
 * remembers which are trainable, which get weight decay and which are BN moving statistics.
 */
public final class Vars {
    public enum Role { KERNEL, BIAS, BN_SCALE, BN_OFFSET, MOVING }

    private final Ops root;
    private final long seed;
    private Ops scope;
    private final Map<String, Variable<TFloat32>> byName = new LinkedHashMap<>();
    private final Map<Variable<TFloat32>, Role> roles = new LinkedHashMap<>();
    private final Map<String, List<Variable<TFloat32>>> byLayer = new LinkedHashMap<>();
    private List<Variable<TFloat32>> current = new ArrayList<>();

    public Vars(Ops tf, long seed) {
        this.root = tf;
        this.scope = tf;
        this.seed = seed;
    }

    /** Names the next layer's variables {@code prefix/...}. */
    public void enterLayer(String prefix) {
        scope = root.withSubScope(prefix);
        current = new ArrayList<>();
        byLayer.put(prefix, current);
    }

    /** The variables one layer created, in creation order (kernel, bias | scale, offset, mean, variance). */
    public List<Variable<TFloat32>> ofLayer(String prefix) {
        return byLayer.getOrDefault(prefix, List.of());
    }

    public Variable<TFloat32> create(String name, Role role, Init init, long fanIn, long fanOut, long... dims) {
        Shape shape = Shape.of(dims);
        Ops init0 = scope.withInitScope();
        Operand<TFloat32> value = initialValue(init0, shape, init, fanIn, fanOut);
        Variable<TFloat32> v = scope.withName(name).variable(value);
        byName.put(v.op().name(), v);
        roles.put(v, role);
        current.add(v);
        return v;
    }

    private Operand<TFloat32> initialValue(Ops tf, Shape shape, Init init, long fanIn, long fanOut) {
        long seed2 = roles.size() + 1;
        switch (init) {
            case ZEROS:
                return tf.fill(tf.constant(shape), tf.constant(0f));
            case ONES:
                return tf.fill(tf.constant(shape), tf.constant(1f));
            case GLOROT: {
                float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
                Operand<TFloat32> u = tf.random.randomUniform(tf.constant(shape), TFloat32.class,
                        RandomUniform.seed(seed), RandomUniform.seed2(seed2));
                return tf.math.sub(tf.math.mul(u, tf.constant(2 * limit)), tf.constant(limit));
            }
            default: {
                double std = init == Init.HE ? Math.sqrt(2.0 / fanIn) / 0.87962566103423978 : 0.01;
                Operand<TFloat32> n = tf.random.truncatedNormal(tf.constant(shape), TFloat32.class,
                        TruncatedNormal.seed(seed), TruncatedNormal.seed2(seed2));
                return tf.math.mul(n, tf.constant((float) std));
            }
        }
    }

    public Map<String, Variable<TFloat32>> byName() {
        return Collections.unmodifiableMap(byName);
    }

    public List<Variable<TFloat32>> all() {
        return List.copyOf(roles.keySet());
    }

    /** Every variable except BN moving statistics. */
    public List<Variable<TFloat32>> trainable() {
        List<Variable<TFloat32>> out = new ArrayList<>();
        roles.forEach((v, r) -> { if (r != Role.MOVING) out.add(v); });
        return out;
    }

    public Role role(Variable<TFloat32> v) {
        return roles.get(v);
    }
}
