package dev.cvpipe.predict;

import dev.cvpipe.dataset.ClassNames;
import dev.cvpipe.model.ModelExport;
import dev.cvpipe.model.Precision;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.train.Checkpoints;
import dev.cvpipe.train.NetFactory;
import dev.cvpipe.train.RunConfig;
import dev.cvpipe.train.Tensors;
import dev.cvpipe.train.TrainGraph;
import dev.cvpipe.train.TrainableNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * One trained run loaded for inference: the network rebuilt from {@code config.json}, weights
 * from its best checkpoint, preprocessing exactly as in training (resize mode, size,
 * normalisation in the graph). Outputs softmax probabilities.
 */
public final class Predictor implements AutoCloseable {
    private final Path runDir;
    private final RunConfig config;
    private final List<String> labels;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TUint8> images;
    private final Operand<TFloat32> probs;
    private final Operand<TInt32> classIds;

    /** The checkpoints a run can hold, in the order --checkpoint lists them. */
    public static final List<String> CHECKPOINTS = List.of("best", "last", Checkpoints.SWA, Checkpoints.EMA);

    public Predictor(Path runDir, NetFactory factory, int threads) throws IOException {
        this(runDir, "best", factory, threads);
    }

    /**
     * @param checkpoint which saved weights: {@code best}, {@code last}, {@code swa} or {@code ema} (the EMA
     *                   network's variables, built under {@link TrainGraph#EMA_SCOPE}). A network
     *                   with a single output (binary segmentation) gets a sigmoid, others softmax
     *                   over the last axis (classes, per pixel for segmentation).
     */
    public Predictor(Path runDir, String checkpoint, NetFactory factory, int threads) throws IOException {
        this(runDir, checkpoint, factory, threads, Precision.FP32);
    }

    /** @param precision the arithmetic of the graph; the checkpoint is float32 whatever it is */
    public Predictor(Path runDir, String checkpoint, NetFactory factory, int threads, Precision precision) throws IOException {
        this(runDir, checkpoint, factory, threads, threads == 1 ? 1 : 2, precision);
    }

    /** @param interOp inter-op threads: how many callers may run the session at once without queueing */
    public Predictor(Path runDir, String checkpoint, NetFactory factory, int threads, int interOp, Precision precision) throws IOException {
        this.runDir = runDir;
        this.config = RunConfig.read(runDir);
        this.labels = ClassNames.read(runDir.resolve(RunConfig.LABELS)).names();
        // A binary segmentation run has one output and two names (background, foreground).
        if (labels.size() != config.classes() && !(config.classes() == 1 && labels.size() == 2)) {
            throw new IOException(runDir + ": labels.txt has " + labels.size() + " classes, config.json " + config.classes());
        }
        String prefix = new Checkpoints(runDir).prefix(checkpoint)
                .orElseThrow(() -> new IOException(runDir + ": no '" + checkpoint + "' checkpoint"
                        + (checkpoint.equals(Checkpoints.SWA) ? " (train with --swa-start)"
                        : checkpoint.equals(Checkpoints.EMA) ? " (train with --ema)" : " yet (has training finished an epoch?)")));
        graph = new Graph();
        Session s = null;
        try {
            Ops tf = Ops.create(graph);
            Ops netOps = checkpoint.equals(Checkpoints.EMA) ? tf.withSubScope(TrainGraph.EMA_SCOPE) : tf;
            TrainableNet net = factory.create(netOps, config.model(), config.classes(), config.height(), config.width(), config.seed(),
                    config.auxHead());
            images = tf.withName("images").placeholder(TUint8.class,
                    Placeholder.shape(Shape.of(-1, config.height(), config.width(), 3)));
            net.foldBatchNormAtInference(true); // every precision: see Precision
            Operand<TFloat32> logits = net.forward(config.normalization().apply(tf, images), false);
            probs = config.classes() == 1 ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
            // what predict and seg predict write: the argmax, or p >= 0.5 with one output
            classIds = config.classes() == 1
                    ? tf.dtypes.cast(tf.math.greaterEqual(tf.squeeze(probs, Squeeze.axis(List.of(-1L))), tf.constant(0.5f)), TInt32.class)
                    : tf.math.argMax(probs, tf.constant(-1), TInt32.class);
            s = new Session(graph, precision.sessionConfig(threads, interOp));
            try {
                s.restore(prefix);
            } catch (RuntimeException e) {
                throw new IOException(runDir + ": checkpoint " + prefix + " cannot be restored (" + BadInputs.oneLine(e.getMessage()) + ")", e);
            }
            session = s;
        } catch (IOException | RuntimeException | Error e) {
            // the Session first: Graph.close() waits forever for sessions still open on it
            if (s != null) s.close();
            graph.close();
            throw e;
        }
    }

    public RunConfig config() {
        return config;
    }

    public List<String> labels() {
        return labels;
    }

    public Path runDir() {
        return runDir;
    }

    /** Probabilities [n * classes] (classifier) or [n * h * w * classes] (segmentation) for {@code n} images of the configured size. */
    public float[] probabilities(byte[] pixels, int n) {
        try (TUint8 x = Tensors.images(pixels, n, config.height(), config.width());
             Result r = session.runner().feed(images, x).fetch(probs).run()) {
            return Tensors.floats((TFloat32) r.get(0));
        }
    }

    /**
     * Writes this run as a SavedModel: signature {@code serving_default} takes {@code images},
     * uint8 RGB [N, H, W, 3] at the run's input size (resized as config.json's {@code resize}
     * says), normalises inside the graph as training did, and returns {@code probabilities}
     * (float32 [N, classes], or [N, H, W, classes] for segmentation) and {@code class_ids}
     * (int32 [N] or [N, H, W]: line numbers of labels.txt). labels.txt and config.json are
     * copied into {@code assets.extra/}.
     */
    public void exportSavedModel(Path dir) throws IOException {
        Signature sig = Signature.builder().key(Signature.DEFAULT_KEY).input("images", images)
                .output("probabilities", probs).output("class_ids", classIds).build();
        ModelExport.write(session, sig, Map.of(
                RunConfig.LABELS, Files.readAllBytes(runDir.resolve(RunConfig.LABELS)),
                RunConfig.FILE, Files.readAllBytes(runDir.resolve(RunConfig.FILE))), dir);
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
