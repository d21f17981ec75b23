package dev.cvpipe.model.layers;

import java.util.List;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * The state of one forward-pass build: the ops scope, whether it is the training branch (batch
 * statistics, dropout on) and where BN moving-average updates are collected.
 */
public final class Forward {
    private final Ops tf;
    private final boolean training;
    private final List<Op> updateOps;
    private final long seed;
    private final boolean foldBatchNorm;
    private int randomOps;

    public Forward(Ops tf, boolean training, List<Op> updateOps, long seed) {
        this(tf, training, updateOps, seed, false);
    }

    /** @param foldBatchNorm at inference, fold BN into the convolution before it (see {@link Conv}) */
    public Forward(Ops tf, boolean training, List<Op> updateOps, long seed, boolean foldBatchNorm) {
        this.tf = tf;
        this.training = training;
        this.updateOps = updateOps;
        this.seed = seed;
        this.foldBatchNorm = foldBatchNorm && !training;
    }

    public Ops tf() {
        return tf;
    }

    public boolean training() {
        return training;
    }

    /** Inference branch with BN folded into convolutions (never in training: BN needs batch statistics there). */
    public boolean foldBatchNorm() {
        return foldBatchNorm;
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
