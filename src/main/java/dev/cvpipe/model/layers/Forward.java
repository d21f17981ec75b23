package dev.cvpipe.model.layers;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The state of one forward-pass build: the ops scope, whether it is the training branch (batch
 * statistics, dropout on) and where BN moving-average updates are collected.
 */
public final class Forward {
    /** BN's moving-average factor when none is fed (PyTorch's default momentum). */
    public static final float BN_MOMENTUM = 0.1f;
    private final Ops tf;
    private final boolean training;
    private final List<Op> updateOps;
    private final long seed;
    private final Operand<TFloat32> bnMomentum;
    private final boolean foldBatchNorm;
    private final Map<Variable<TFloat32>, float[]> frozen;
    private int randomOps;

    public Forward(Ops tf, boolean training, List<Op> updateOps, long seed) {
        this(tf, training, updateOps, seed, null);
    }

    /** @param bnMomentum the BN moving-average factor as a graph scalar (fed 1/k for a cumulative average), or null for the constant */
    public Forward(Ops tf, boolean training, List<Op> updateOps, long seed, Operand<TFloat32> bnMomentum) {
        this(tf, training, updateOps, seed, bnMomentum, false);
    }

    /** @param foldBatchNorm at inference, fold BN into the convolution before it (see {@link Conv}) */
    public Forward(Ops tf, boolean training, List<Op> updateOps, long seed, Operand<TFloat32> bnMomentum, boolean foldBatchNorm) {
        this(tf, training, updateOps, seed, bnMomentum, foldBatchNorm, Map.of());
    }

    /** @param frozen at inference, weights read as graph constants with these values instead of from their variables */
    public Forward(Ops tf, boolean training, List<Op> updateOps, long seed, Operand<TFloat32> bnMomentum, boolean foldBatchNorm,
                   Map<Variable<TFloat32>, float[]> frozen) {
        this.frozen = training ? Map.of() : frozen;
        this.tf = tf;
        this.training = training;
        this.updateOps = updateOps;
        this.seed = seed;
        this.bnMomentum = bnMomentum;
        this.foldBatchNorm = foldBatchNorm && !training;
    }

    /** Inference branch with BN folded into convolutions (never in training: BN needs batch statistics there). */
    public boolean foldBatchNorm() {
        return foldBatchNorm;
    }

    /**
     * A weight's value in this pass: its variable (through identity, see the TF notes), or a Const
     * when the network's weights are frozen. Constants let grappler fold the BN folding and the
     * bf16 cast away, and let oneDNN reorder each filter once and cache it (it caches only
     * constant filters); a variable filter is cast and reordered again on every run.
     */
    public Operand<TFloat32> read(Variable<TFloat32> v) {
        float[] values = frozen.get(v);
        return values == null ? tf.identity(v) : tf.constant(v.shape(), DataBuffers.of(values, true, false));
    }

    /** The BN momentum operand of this forward, or null: BN then uses its constant. */
    public Operand<TFloat32> bnMomentum() {
        return bnMomentum;
    }

    public Ops tf() {
        return tf;
    }

    public boolean training() {
        return training;
    }

    public void addUpdate(Op op) {
        updateOps.add(op);
    }

    public long seed() {
        return seed;
    }

    /** A distinct op-level seed for each random op (TF needs both seeds set to be reproducible). */
    public long nextSeed2() {
        return ++randomOps + 1_000_000L;
    }
}
