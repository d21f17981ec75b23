package dev.cvpipe.predict;

import dev.cvpipe.model.Precision;
import dev.cvpipe.train.Checkpoints;
import dev.cvpipe.train.NetFactory;
import dev.cvpipe.train.RunConfig;
import dev.cvpipe.train.SplitDataset;
import dev.cvpipe.train.Tensors;
import dev.cvpipe.train.TrainableNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
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

    public Predictor(Path runDir, NetFactory factory, int threads) throws IOException {
        this(runDir, "best", factory, threads);
    }

    /**
     * @param checkpoint which saved weights: {@code best}, {@code last} or {@code swa}. A network
     *                   with a single output (binary segmentation) gets a sigmoid, others softmax
     *                   over the last axis (classes, per pixel for segmentation).
     */
    public Predictor(Path runDir, String checkpoint, NetFactory factory, int threads) throws IOException {
        this(runDir, checkpoint, factory, threads, Precision.FP32);
    }

    /** @param precision the arithmetic of the graph; the checkpoint is float32 whatever it is */
    public Predictor(Path runDir, String checkpoint, NetFactory factory, int threads, Precision precision) throws IOException {
        this.runDir = runDir;
        this.config = RunConfig.read(runDir);
        this.labels = SplitDataset.readLabels(runDir.resolve(RunConfig.LABELS));
        // A binary segmentation run has one output and two names (background, foreground).
        if (labels.size() != config.classes() && !(config.classes() == 1 && labels.size() == 2)) {
            throw new IOException(runDir + ": labels.txt has " + labels.size() + " classes, config.json " + config.classes());
        }
        String prefix = new Checkpoints(runDir).prefix(checkpoint)
                .orElseThrow(() -> new IOException(runDir + ": no '" + checkpoint + "' checkpoint"
                        + (checkpoint.equals("swa") ? " (train with --swa-start)" : " yet (has training finished an epoch?)")));
        graph = new Graph();
        boolean ok = false;
        try {
            Ops tf = Ops.create(graph);
            TrainableNet net = factory.create(tf, config.model(), config.classes(), config.height(), config.width(), config.seed());
            net.foldBatchNormAtInference(precision.foldsBatchNorm());
            images = tf.withName("images").placeholder(TUint8.class,
                    Placeholder.shape(Shape.of(-1, config.height(), config.width(), 3)));
            Operand<TFloat32> logits = net.forward(config.normalization().apply(tf, images), false);
            probs = config.classes() == 1 ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
            session = new Session(graph, precision.sessionConfig(threads));
            session.restore(prefix);
            ok = true;
        } finally {
            if (!ok) graph.close();
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

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
