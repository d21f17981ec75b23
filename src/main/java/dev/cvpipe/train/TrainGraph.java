package dev.cvpipe.train;

import dev.cvpipe.model.Precision;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The training graph: uint8 images -> normalise -> network (training branch) -> the task's
 * {@link TrainLoss} -> gradients ({@code Graph.addGradients}) -> optimizer step; plus an
 * evaluation branch sharing the variables (BN in inference mode) with its own plain loss.
 */
public final class TrainGraph implements AutoCloseable {
    private final Graph graph;
    private final Session session;
    private final TrainableNet net;
    private final Placeholder<TUint8> images;
    private final Placeholder<TInt32> labels;
    /** Soft targets [N, classes] when the loss takes them (mixup / cutmix), else null. */
    private final Placeholder<TFloat32> targets;
    private final Placeholder<TFloat32> lr;
    private final Placeholder<TUint8> evalImages;
    private final Placeholder<TInt32> evalLabels;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> evalLoss;
    private final Op swaUpdate, swaApply;
    private final Operand<TFloat32> logits;
    private final Operand<TFloat32> evalLogits;
    private final Op step;
    private final Op frozenStep;
    private final Operand<TFloat32> frozenLoss, frozenLogits;
    private final int height, width, classes;
    private final boolean pixelLabels;
    /** Main-head and aux-head losses (null without an aux head); {@link #loss} is main + AUX_WEIGHT * aux. */
    private final Operand<TFloat32> mainLoss, auxLoss, auxLogits;
    /** BN statistics pass: the training branch's BN updates and their fed momentum (null without BN). */
    private final List<Op> bnUpdates;
    private final Operand<TFloat32> bnMomentum;
    /** EMA of the weights: its own network's evaluation branch, the copy-in op (null without --ema). */
    private final Operand<TFloat32> emaEvalLogits, emaEvalLoss;
    private final Op emaInit;

    /** torchvision's weight of inception-v3's auxiliary loss: total = main + 0.4 * aux. */
    public static final float AUX_WEIGHT = 0.4f;
    /** The scope of the EMA network's variables: its checkpoint is read by building the network under it. */
    public static final String EMA_SCOPE = "ema";

    /** Per-step results: the loss the optimizer saw and the training-branch logits [n*classes]. */
    public record StepResult(float loss, float[] logits) {}

    /** The classifier graph: label-smoothed, class-weighted softmax cross-entropy on [N] labels. */
    public TrainGraph(NetFactory factory, String model, int classes, int height, int width, long seed,
                      Normalization norm, Optimizer optimizer, double labelSmoothing, float[] classWeights, int threads) {
        this(factory, model, classes, height, width, seed, norm, optimizer,
                new ClassifierLoss(classes, labelSmoothing, classWeights), false, threads);
    }

    /**
     * @param loss what the labels are and how the loss is computed (classifier or segmentation)
     * @param swa  whether to keep a running average of the trainable variables ({@link #swaUpdate})
     */
    public TrainGraph(NetFactory factory, String model, int classes, int height, int width, long seed,
                      Normalization norm, Optimizer optimizer, TrainLoss loss, boolean swa, int threads) {
        this(factory, model, classes, height, width, seed, norm, optimizer, loss, swa, 0, false, FineTune.NONE, threads);
    }

    /** With EMA / an auxiliary head, without fine-tuning controls. */
    public TrainGraph(NetFactory factory, String model, int classes, int height, int width, long seed,
                      Normalization norm, Optimizer optimizer, TrainLoss loss, boolean swa, double emaDecay, boolean aux, int threads) {
        this(factory, model, classes, height, width, seed, norm, optimizer, loss, swa, emaDecay, aux, FineTune.NONE, threads);
    }

    /** With fine-tuning controls, without EMA or an auxiliary head. */
    public TrainGraph(NetFactory factory, String model, int classes, int height, int width, long seed,
                      Normalization norm, Optimizer optimizer, TrainLoss loss, boolean swa, FineTune fineTune, int threads) {
        this(factory, model, classes, height, width, seed, norm, optimizer, loss, swa, 0, false, fineTune, threads);
    }

    /**
     * @param emaDecay with a value in (0, 1), a second copy of the network holds the exponential
     *                 moving average of every variable ({@link #emaEvalLogits}); 0: none
     * @param aux      build the network with its auxiliary head and add {@link #AUX_WEIGHT} times its loss
     * @param fineTune with {@link FineTune#grouped()}, backbone and head become two optimizer groups
     *                 (backbone at lr x mult); with a freeze, a second training branch whose backbone
     *                 runs in inference mode and whose gradients reach the head only ({@link #step} with
     *                 {@code frozenBackbone})
     */
    public TrainGraph(NetFactory factory, String model, int classes, int height, int width, long seed,
                      Normalization norm, Optimizer optimizer, TrainLoss loss, boolean swa, double emaDecay, boolean aux,
                      FineTune fineTune, int threads) {
        this(factory, model, classes, height, width, seed, norm, optimizer, loss, swa, emaDecay, aux, fineTune, threads, Precision.FP32);
    }

    /** @param precision the arithmetic of the forward and backward passes; variables stay float32 */
    public TrainGraph(NetFactory factory, String model, int classes, int height, int width, long seed,
                      Normalization norm, Optimizer optimizer, TrainLoss loss, boolean swa, double emaDecay, boolean aux,
                      FineTune fineTune, int threads, Precision precision) {
        this.height = height;
        this.width = width;
        this.classes = classes;
        graph = new Graph();
        boolean ok = false;
        try {
            Ops tf = Ops.create(graph);
            net = factory.create(tf, model, classes, height, width, seed, aux);
            Shape in = Shape.of(-1, height, width, 3);
            Shape labelShape = loss.labelShape(height, width);
            pixelLabels = labelShape.numDimensions() == 3;
            images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(in));
            labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(labelShape));
            lr = tf.withName("lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            evalImages = tf.withName("eval_images").placeholder(TUint8.class, Placeholder.shape(in));
            evalLabels = tf.withName("eval_labels").placeholder(TInt32.class, Placeholder.shape(labelShape));

            logits = net.forward(norm.apply(tf, images), true);
            auxLogits = net.auxLogits(); // read before the eval forward replaces it
            if (aux && auxLogits == null) throw new IllegalArgumentException(model + " built no auxiliary head");
            bnMomentum = net.bnMomentum();
            bnUpdates = List.copyOf(net.updateOps());
            // BN folded into the convolutions of the evaluation branch only (training needs batch statistics)
            net.foldBatchNormAtInference(true);
            evalLogits = net.forward(norm.apply(tf, evalImages), false);
            net.foldBatchNormAtInference(false);

            if (loss.softTargets()) {
                targets = tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
                mainLoss = loss.trainLossSoft(tf.withSubScope("loss"), logits, targets);
                auxLoss = auxLogits == null ? null : loss.trainLossSoft(tf.withSubScope("aux_loss"), auxLogits, targets);
            } else {
                targets = null;
                mainLoss = loss.trainLoss(tf.withSubScope("loss"), logits, labels);
                auxLoss = auxLogits == null ? null : loss.trainLoss(tf.withSubScope("aux_loss"), auxLogits, labels);
            }
            Operand<TFloat32> total = auxLoss == null ? mainLoss : tf.math.add(mainLoss, tf.math.mul(tf.constant(AUX_WEIGHT), auxLoss));
            this.loss = tf.withName("loss_value").identity(total);
            this.evalLoss = loss.evalLoss(tf.withSubScope("eval_loss"), evalLogits, evalLabels);

            List<Variable<TFloat32>> vars = net.trainableVariables();
            Output<?>[] xs = new Output<?>[vars.size()];
            for (int i = 0; i < xs.length; i++) xs[i] = vars.get(i).asOutput();
            Output<?>[] grads = graph.addGradients(this.loss.asOutput(), xs);
            Op optimizerStep;
            Op frozenOptimizerStep = null;
            List<Op> trainUpdates = new ArrayList<>(net.updateOps());
            if (!fineTune.grouped()) {
                optimizerStep = optimizer.build(tf, net, grads, lr, trainUpdates);
                frozenLoss = null;
                frozenLogits = null;
            } else {
                List<Integer> head = new ArrayList<>(), backbone = new ArrayList<>();
                for (int i = 0; i < vars.size(); i++) (net.inBackbone(vars.get(i)) ? backbone : head).add(i);
                if (backbone.isEmpty()) throw new IllegalArgumentException(model + " has no backbone to freeze or to train at another learning rate");
                Optimizer.Slots slots = optimizer.slots(tf, net, List.of(new Optimizer.Group("", 1, head),
                        new Optimizer.Group("backbone_", fineTune.backboneLrMult(), backbone)));
                optimizerStep = slots.step("train_step", grads, lr, trainUpdates);
                if (fineTune.freezeEpochs() > 0) {
                    frozenLogits = net.forwardFrozenBackbone(norm.apply(tf, images));
                    frozenLoss = tf.withName("frozen_loss_value").identity(targets != null
                            ? loss.trainLossSoft(tf.withSubScope("frozen_loss"), frozenLogits, targets)
                            : loss.trainLoss(tf.withSubScope("frozen_loss"), frozenLogits, labels));
                    List<Op> all = net.updateOps();
                    List<Op> frozenUpdates = new ArrayList<>(all.subList(trainUpdates.size(), all.size()));
                    Output<?>[] hx = new Output<?>[head.size()];
                    for (int k = 0; k < hx.length; k++) hx[k] = vars.get(head.get(k)).asOutput();
                    Output<?>[] hg = graph.addGradients("frozen_gradients", new Output<?>[] {frozenLoss.asOutput()}, hx, null);
                    Output<?>[] fg = new Output<?>[vars.size()];
                    for (int k = 0; k < hx.length; k++) fg[head.get(k)] = hg[k];
                    frozenOptimizerStep = slots.step("frozen_step", fg, lr, frozenUpdates);
                } else {
                        frozenLoss = null;
                    frozenLogits = null;
                }
            }
            if (emaDecay > 0) {
                TrainableNet ema = factory.create(tf.withSubScope(EMA_SCOPE), model, classes, height, width, seed, aux);
                ema.foldBatchNormAtInference(true);
                emaEvalLogits = ema.forward(norm.apply(tf, evalImages), false);
                emaEvalLoss = loss.evalLoss(tf.withSubScope("ema_eval_loss"), emaEvalLogits, evalLabels);
                Op[] ops = emaOps(tf.withSubScope("ema_update"), net.variables(), ema.variables(), (float) emaDecay, optimizerStep);
                step = ops[0];
                emaInit = ops[1];
                // the head-only steps of a frozen backbone move the EMA too
                frozenStep = frozenOptimizerStep == null ? null
                        : emaOps(tf.withSubScope("ema_update_frozen"), net.variables(), ema.variables(), (float) emaDecay, frozenOptimizerStep)[0];
            } else {
                step = optimizerStep;
                frozenStep = frozenOptimizerStep;
                emaEvalLogits = null;
                emaEvalLoss = null;
                emaInit = null;
            }
            if (swa) {
                Op[] ops = swaOps(tf.withSubScope("swa"), vars);
                swaUpdate = ops[0];
                swaApply = ops[1];
            } else {
                swaUpdate = null;
                swaApply = null;
            }
            session = new Session(graph, precision.sessionConfig(threads));
            ok = true;
        } finally {
            if (!ok) graph.close();
        }
    }

    /**
     * Stochastic weight averaging as torch.optim.swa_utils.AveragedModel: after the n-th update,
     * {@code avg = avg + (w - avg) / n} (so avg is the plain mean of the n snapshots). The averages
     * are graph variables, so checkpoints and --resume carry them. Only trainable variables are
     * averaged, as AveragedModel does with parameters; the BN moving statistics are then recomputed
     * for the averaged weights by a pass over the training data ({@link #bnStatisticsBatch}).
     */
    private static Op[] swaOps(Ops tf, List<Variable<TFloat32>> vars) {
        Ops init = tf.withInitScope();
        Variable<TFloat32> n = tf.withName("count").variable(init.constant(0f));
        Operand<TFloat32> next = tf.math.add(tf.identity(n), tf.constant(1f));
        List<Op> updates = new ArrayList<>(), applies = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Variable<TFloat32> v = vars.get(i);
            Variable<TFloat32> avg = tf.withName("avg" + i).variable(init.fill(init.constant(v.shape()), init.constant(0f)));
            Operand<TFloat32> a = tf.identity(avg);
            updates.add(tf.assign(avg, tf.math.add(a, tf.math.div(tf.math.sub(tf.identity(v), a), next))));
            applies.add(tf.assign(v, tf.identity(avg)));
        }
        Op count = tf.withControlDependencies(updates).assign(n, next);
        Op update = tf.withControlDependencies(List.of(count)).withName("update").noOp();
        Op apply = tf.withControlDependencies(applies).withName("apply").noOp();
        return new Op[] {update, apply};
    }

    /**
     * timm's ModelEmaV2: after every optimizer step, {@code ema = decay * ema + (1 - decay) * w} for
     * every variable, BN moving statistics included (timm averages the whole state_dict, so the
     * averaged weights come with statistics averaged over the same steps rather than those of the
     * latest weights). Returns {step then EMA update, copy weights into the EMA}.
     */
    private static Op[] emaOps(Ops tf, List<Variable<TFloat32>> vars, List<Variable<TFloat32>> emaVars, float decay, Op step) {
        if (vars.size() != emaVars.size()) throw new IllegalStateException("EMA network has " + emaVars.size() + " variables, not " + vars.size());
        Ops after = tf.withControlDependencies(List.of(step));
        Operand<TFloat32> d = tf.constant(decay), rest = tf.constant(1f - decay);
        List<Op> updates = new ArrayList<>(), copies = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            Variable<TFloat32> v = vars.get(i), e = emaVars.get(i);
            if (!v.shape().equals(e.shape())) throw new IllegalStateException("EMA variable " + e.op().name() + " is " + e.shape() + ", not " + v.shape());
            updates.add(after.assign(e, after.math.add(after.math.mul(d, after.identity(e)), after.math.mul(rest, after.identity(v)))));
            copies.add(tf.assign(e, tf.identity(v)));
        }
        Op update = tf.withControlDependencies(updates).withName("step").noOp();
        Op copy = tf.withControlDependencies(copies).withName("init").noOp();
        return new Op[] {update, copy};
    }

    /** Runs the seeded initialisers (a fresh run; the EMA starts as a copy of the weights); a resumed run calls {@link #restore} instead. */
    public void initialize() {
        session.initialize();
        if (emaInit != null) session.runner().addTarget(emaInit).run();
    }

    /** Whether the graph keeps an EMA of the weights. */
    public boolean hasEma() {
        return emaInit != null;
    }

    /** The EMA network's evaluation loss and logits for {@code n} images and their labels. */
    public StepResult evalEma(byte[] pixels, int[] labelIds, int n) {
        if (emaInit == null) throw new IllegalStateException("graph built without EMA");
        try (TUint8 x = Tensors.images(pixels, n, height, width);
             TInt32 y = labelTensor(labelIds, n);
             Result r = session.runner().feed(evalImages, x).feed(evalLabels, y).fetch(emaEvalLoss).fetch(emaEvalLogits).run()) {
            return new StepResult(((TFloat32) r.get(0)).getFloat(), Tensors.floats((TFloat32) r.get(1)));
        }
    }

    /** One training forward's losses and logits, no step taken (aux values NaN / null without an aux head). */
    record LossParts(float total, float main, float aux, float[] logits, float[] auxLogits) {}

    LossParts lossParts(byte[] pixels, int[] labelIds, int n) {
        try (TUint8 x = Tensors.images(pixels, n, height, width);
             TInt32 y = labelTensor(labelIds, n)) {
            Session.Runner run = session.runner().feed(images, x).feed(labels, y).fetch(loss).fetch(mainLoss).fetch(logits);
            if (auxLoss != null) run.fetch(auxLoss).fetch(auxLogits);
            try (Result r = run.run()) {
                float total = ((TFloat32) r.get(0)).getFloat(), main = ((TFloat32) r.get(1)).getFloat();
                float[] l = Tensors.floats((TFloat32) r.get(2));
                if (auxLoss == null) return new LossParts(total, main, Float.NaN, l, null);
                return new LossParts(total, main, ((TFloat32) r.get(3)).getFloat(), l, Tensors.floats((TFloat32) r.get(4)));
            }
        }
    }

    /** Whether the network has BN statistics a {@link #bnStatisticsBatch} pass can recompute. */
    public boolean hasBatchNorm() {
        return bnMomentum != null && !bnUpdates.isEmpty();
    }

    /**
     * One batch of a BN statistics pass (torch.optim.swa_utils.update_bn): the training branch runs
     * on the batch (batch statistics, no weight update) and each BN layer's moving statistics move by
     * momentum {@code 1/k} at the {@code k}-th batch (k from 1), so after the pass they are the plain
     * average of the batches' means and unbiased variances, whatever they held before.
     */
    public void bnStatisticsBatch(byte[] pixels, int n, int k) {
        if (!hasBatchNorm()) throw new IllegalStateException("network has no batch norm");
        if (k < 1) throw new IllegalArgumentException("batch number starts at 1");
        try (TUint8 x = Tensors.images(pixels, n, height, width);
             TFloat32 m = TFloat32.scalarOf(1f / k)) {
            Session.Runner run = session.runner().feed(images, x).feed(bnMomentum, m);
            for (Op u : bnUpdates) run.addTarget(u);
            run.run();
        }
    }

    /** After {@link #initialize}: overwrites the network's variables with pretrained weights (all in one session run). */
    public dev.cvpipe.model.weights.ImportReport loadPretrained(java.nio.file.Path file) throws java.io.IOException {
        dev.cvpipe.model.weights.ImportReport r = net.loadPretrained(session, file);
        // the EMA starts from the weights training starts from, not from the random initialisation
        if (emaInit != null) session.runner().addTarget(emaInit).run();
        return r;
    }

    public void save(String prefix) {
        session.save(prefix);
    }

    public void restore(String prefix) {
        session.restore(prefix);
    }

    public StepResult step(byte[] pixels, int[] labelIds, int n, double learningRate) {
        return step(pixels, labelIds, null, n, learningRate, false);
    }

    /** One optimizer step with a frozen backbone or not (see the full overload), hard labels. */
    public StepResult step(byte[] pixels, int[] labelIds, int n, double learningRate, boolean frozenBackbone) {
        return step(pixels, labelIds, null, n, learningRate, frozenBackbone);
    }

    /** One optimizer step with soft targets (see the full overload). */
    public StepResult step(byte[] pixels, int[] labelIds, float[] softTargets, int n, double learningRate) {
        return step(pixels, labelIds, softTargets, n, learningRate, false);
    }

    /**
     * One optimizer step; {@code softTargets} [n*classes] feed a soft-target loss (null: the
     * labels' one-hot rows); with {@code frozenBackbone} (a graph built with a freeze) only the head
     * moves and the backbone's BN statistics stay as they are.
     */
    public StepResult step(byte[] pixels, int[] labelIds, float[] softTargets, int n, double learningRate, boolean frozenBackbone) {
        if (frozenBackbone && frozenStep == null) throw new IllegalStateException("graph built without --freeze-backbone");
        float[] t = targets == null ? null : softTargets != null ? softTargets : oneHot(labelIds, n);
        try (TUint8 x = Tensors.images(pixels, n, height, width);
             TInt32 y = labelTensor(labelIds, n);
             TFloat32 soft = t == null ? null : TFloat32.tensorOf(Shape.of(n, classes), DataBuffers.of(t, true, false).narrow((long) n * classes));
             TFloat32 rate = TFloat32.scalarOf((float) learningRate)) {
            Session.Runner run = session.runner().feed(images, x).feed(labels, y).feed(lr, rate);
            if (soft != null) run.feed(targets, soft);
            try (Result r = run.addTarget(frozenBackbone ? frozenStep : step).fetch(frozenBackbone ? frozenLoss : loss)
                    .fetch(frozenBackbone ? frozenLogits : logits).run()) {
                return new StepResult(((TFloat32) r.get(0)).getFloat(), Tensors.floats((TFloat32) r.get(1)));
            }
        }
    }

    private float[] oneHot(int[] labelIds, int n) {
        float[] t = new float[n * classes];
        for (int i = 0; i < n; i++) t[i * classes + labelIds[i]] = 1f;
        return t;
    }

    /** Evaluation-branch logits [n*classes] for {@code n} images. */
    public float[] evalLogits(byte[] pixels, int n) {
        try (TUint8 x = Tensors.images(pixels, n, height, width);
             Result r = session.runner().feed(evalImages, x).fetch(evalLogits).run()) {
            return Tensors.floats((TFloat32) r.get(0));
        }
    }

    /** Evaluation-branch loss and logits for {@code n} images and their labels. */
    public StepResult eval(byte[] pixels, int[] labelIds, int n) {
        try (TUint8 x = Tensors.images(pixels, n, height, width);
             TInt32 y = labelTensor(labelIds, n);
             Result r = session.runner().feed(evalImages, x).feed(evalLabels, y).fetch(evalLoss).fetch(evalLogits).run()) {
            return new StepResult(((TFloat32) r.get(0)).getFloat(), Tensors.floats((TFloat32) r.get(1)));
        }
    }

    /** Adds the current weights to the running SWA average. */
    public void swaUpdate() {
        if (swaUpdate == null) throw new IllegalStateException("graph built without SWA");
        session.runner().addTarget(swaUpdate).run();
    }

    /** Overwrites the weights with their SWA average (BN statistics unchanged: run a {@link #bnStatisticsBatch} pass next). */
    public void swaApply() {
        if (swaApply == null) throw new IllegalStateException("graph built without SWA");
        session.runner().addTarget(swaApply).run();
    }

    /** Labels [n] (classifier) or [n, h, w] (segmentation): the shape follows the length. */
    private TInt32 labelTensor(int[] labelIds, int n) {
        Shape s = pixelLabels ? Shape.of(n, height, width) : Shape.of(n);
        return TInt32.tensorOf(s, DataBuffers.of(labelIds, true, false).narrow(s.size()));
    }

    /** Every float variable's current values, by op name: for tests that check what a step changed. */
    java.util.Map<String, float[]> variableValues() {
        java.util.Map<String, float[]> out = new java.util.TreeMap<>();
        java.util.Iterator<org.tensorflow.GraphOperation> it = graph.operations();
        while (it.hasNext()) {
            org.tensorflow.GraphOperation op = it.next();
            if (!op.type().equals("VariableV2")) continue;
            org.tensorflow.proto.DataType t = op.output(0).dataType();
            if (t != org.tensorflow.proto.DataType.DT_FLOAT && t != org.tensorflow.proto.DataType.DT_FLOAT_REF) continue;
            try (Result r = session.runner().fetch(op.name()).run()) {
                out.put(op.name(), Tensors.floats((TFloat32) r.get(0)));
            }
        }
        return out;
    }

    public int classes() {
        return classes;
    }

    /** For tests that read variables back. */
    Session session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
