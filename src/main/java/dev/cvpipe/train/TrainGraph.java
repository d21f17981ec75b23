package dev.cvpipe.train;

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
 * The training graph: uint8 images -> normalise -> network (training branch) -> label-smoothed,
 * class-weighted softmax cross-entropy -> gradients ({@code Graph.addGradients}) -> optimizer
 * step; plus an evaluation branch sharing the variables (BN in inference mode).
 */
public final class TrainGraph implements AutoCloseable {
    private final Graph graph;
    private final Session session;
    private final Placeholder<TUint8> images;
    private final Placeholder<TInt32> labels;
    private final Placeholder<TFloat32> lr;
    private final Placeholder<TUint8> evalImages;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> logits;
    private final Operand<TFloat32> evalLogits;
    private final Op step;
    private final int height, width, classes;

    /** Per-step results: the loss the optimizer saw and the training-branch logits [n*classes]. */
    public record StepResult(float loss, float[] logits) {}

    public TrainGraph(NetFactory factory, String model, int classes, int height, int width, long seed,
                      Normalization norm, Optimizer optimizer, double labelSmoothing, float[] classWeights, int threads) {
        this.height = height;
        this.width = width;
        this.classes = classes;
        graph = new Graph();
        boolean ok = false;
        try {
            Ops tf = Ops.create(graph);
            TrainableNet net = factory.create(tf, model, classes, height, width, seed);
            Shape in = Shape.of(-1, height, width, 3);
            images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(in));
            labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            lr = tf.withName("lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            evalImages = tf.withName("eval_images").placeholder(TUint8.class, Placeholder.shape(in));

            logits = net.forward(norm.apply(tf, images), true);
            evalLogits = net.forward(norm.apply(tf, evalImages), false);

            Ops lt = tf.withSubScope("loss");
            Operand<TFloat32> onehot = lt.oneHot(labels, lt.constant(classes), lt.constant(1f), lt.constant(0f));
            Operand<TFloat32> target = labelSmoothing > 0
                    ? lt.math.add(lt.math.mul(onehot, lt.constant((float) (1 - labelSmoothing))), lt.constant((float) (labelSmoothing / classes)))
                    : onehot;
            Operand<TFloat32> perExample = lt.nn.softmaxCrossEntropyWithLogits(logits, target).loss();
            // Weighted mean as PyTorch's CrossEntropyLoss(weight=...): sum(w_i l_i) / sum(w_i).
            // The weight of each example is onehot . classWeights (no Gather: it has no gradient here).
            Operand<TFloat32> w = lt.reduceSum(lt.math.mul(onehot, lt.constant(Shape.of(classes), DataBuffers.of(classWeights, true, false))),
                    lt.constant(1));
            loss = lt.withName("value").math.div(lt.reduceSum(lt.math.mul(perExample, w), lt.constant(0)), lt.reduceSum(w, lt.constant(0)));

            List<Variable<TFloat32>> vars = net.trainableVariables();
            Output<?>[] xs = new Output<?>[vars.size()];
            for (int i = 0; i < xs.length; i++) xs[i] = vars.get(i).asOutput();
            Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
            step = optimizer.build(tf, net, grads, lr, new ArrayList<>(net.updateOps()));
            session = new Session(graph, Tensors.sessionConfig(threads));
            ok = true;
        } finally {
            if (!ok) graph.close();
        }
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
             TInt32 y = TInt32.tensorOf(Shape.of(n), DataBuffers.of(labelIds, true, false).narrow(n));
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

    public int classes() {
        return classes;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
