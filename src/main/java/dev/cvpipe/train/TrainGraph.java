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
    private final Placeholder<TUint8> images;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TFloat32> lr;
    private final Placeholder<TUint8> evalImages;
    private final Placeholder<TInt32> evalLabels;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> evalLoss;
    private final Op swaUpdate, swaApply;
    private final Operand<TFloat32> logits;
    private final Operand<TFloat32> evalLogits;
    private final Op step;
    private final int height, width, classes;
    private final boolean pixelLabels;

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
        this(factory, model, classes, height, width, seed, norm, optimizer, loss, swa, threads, Precision.FP32);
    }

    /** @param precision the arithmetic of the forward and backward passes; variables stay float32 */
    public TrainGraph(NetFactory factory, String model, int classes, int height, int width, long seed,
                      Normalization norm, Optimizer optimizer, TrainLoss loss, boolean swa, int threads, Precision precision) {
        this.height = height;
        this.width = width;
        this.classes = classes;
        graph = new Graph();
        boolean ok = false;
        try {
            Ops tf = Ops.create(graph);
            TrainableNet net = factory.create(tf, model, classes, height, width, seed);
            Shape in = Shape.of(-1, height, width, 3);
            Shape labelShape = loss.labelShape(height, width);
            pixelLabels = labelShape.numDimensions() == 3;
            images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(in));
            labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(labelShape));
            lr = tf.withName("lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            evalImages = tf.withName("eval_images").placeholder(TUint8.class, Placeholder.shape(in));
            evalLabels = tf.withName("eval_labels").placeholder(TInt32.class, Placeholder.shape(labelShape));

            logits = net.forward(norm.apply(tf, images), true);
            net.foldBatchNormAtInference(precision.foldsBatchNorm());
            evalLogits = net.forward(norm.apply(tf, evalImages), false);

            this.loss = tf.withName("loss_value").identity(loss.trainLoss(tf.withSubScope("loss"), logits, labels));
            this.evalLoss = loss.evalLoss(tf.withSubScope("eval_loss"), evalLogits, evalLabels);

            List<Variable<TFloat32>> vars = net.trainableVariables();
            Output<?>[] xs = new Output<?>[vars.size()];
            for (int i = 0; i < xs.length; i++) xs[i] = vars.get(i).asOutput();
            Output<?>[] grads = graph.addGradients(this.loss.asOutput(), xs);
            step = optimizer.build(tf, net, grads, lr, new ArrayList<>(net.updateOps()));
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
     * averaged: BN moving statistics stay those of the last step (torch's update_bn pass is not run).
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

    /** Runs the seeded initialisers (a fresh run); a resumed run calls {@link #restore} instead. */
    public void initialize() {
        session.initialize();
    }

    public void save(String prefix) {
        session.save(prefix);
    }

    public void restore(String prefix) {
        session.restore(prefix);
    }

    public StepResult step(byte[] pixels, int[] labelIds, int n, double learningRate) {
        try (TUint8 x = Tensors.images(pixels, n, height, width);
             TInt32 y = labelTensor(labelIds, n);
             TFloat32 rate = TFloat32.scalarOf((float) learningRate);
             Result r = session.runner().feed(images, x).feed(labels, y).feed(lr, rate)
                     .addTarget(step).fetch(loss).fetch(logits).run()) {
            return new StepResult(((TFloat32) r.get(0)).getFloat(), Tensors.floats((TFloat32) r.get(1)));
        }
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

    /** Overwrites the weights with their SWA average (BN statistics unchanged). */
    public void swaApply() {
        if (swaApply == null) throw new IllegalStateException("graph built without SWA");
        session.runner().addTarget(swaApply).run();
    }

    /** Labels [n] (classifier) or [n, h, w] (segmentation): the shape follows the length. */
    private TInt32 labelTensor(int[] labelIds, int n) {
        Shape s = pixelLabels ? Shape.of(n, height, width) : Shape.of(n);
        return TInt32.tensorOf(s, DataBuffers.of(labelIds, true, false).narrow(s.size()));
    }

    public int classes() {
        return classes;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
