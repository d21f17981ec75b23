package dev.cvpipe.model.detect;

import dev.cvpipe.image.RgbImage;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.Precision;
import dev.cvpipe.model.Shape3;
import dev.cvpipe.model.darknet.DarknetCfg;
import dev.cvpipe.model.darknet.DarknetWeights;
import dev.cvpipe.model.layers.YoloLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A darknet YOLO network (.cfg + .weights) ready to detect: letterboxed float input, one graph
 * run per batch, every [yolo] head decoded, then per-class NMS. Close it to free the session.
 */
public final class Detector implements AutoCloseable {
    private final ModelSpec spec;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> images;
    private final List<Operand<TFloat32>> heads;
    private final List<YoloLayer> yolos = new ArrayList<>();

    /** {@code weights} null = the seeded initial weights (for tests and timing only). */
    public Detector(Path cfg, Path weights, int inputHeight, int inputWidth) throws IOException {
        this(DarknetCfg.read(cfg, inputHeight, inputWidth), weights);
    }

    public Detector(ModelSpec spec, Path weights) throws IOException {
        this(spec, weights, 0, Precision.FP32);
    }

    /**
     * @param threads   TensorFlow intra-op threads (0: all cores)
     * @param precision the arithmetic of the graph (bf16 also folds BN into the convolutions)
     */
    public Detector(ModelSpec spec, Path weights, int threads, Precision precision) throws IOException {
        this.spec = spec;
        for (int h : spec.heads()) {
            if (!(spec.nodes().get(h).layer() instanceof YoloLayer y)) {
                throw new IllegalArgumentException(spec.name() + ": layer " + h + " is a [" + spec.nodes().get(h).layer().type()
                        + "] head; detect decodes [yolo] heads only");
            }
            yolos.add(y);
        }
        if (yolos.isEmpty()) throw new IllegalArgumentException(spec.name() + " has no [yolo] layer to detect with");
        if (spec.input().c() != 3) throw new IllegalArgumentException(spec.name() + " takes " + spec.input().c() + " channels; detect feeds RGB");
        graph = new Graph();
        Session s = null;
        try {
            Ops tf = Ops.create(graph);
            Network net = new Network(tf, spec, 0);
            net.foldBatchNormAtInference(true); // every precision: see Precision
            Shape3 in = spec.input();
            images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, in.h(), in.w(), in.c())));
            s = new Session(graph, precision.sessionConfig(threads));
            s.initialize();
            if (weights != null) DarknetWeights.load(weights, s, net);
            else silenceHeads(net, s);
            // The forward reads the loaded weights as constants: at batch 1 a variable filter would
            // be cast to bf16 (and BN-folded) and reordered by oneDNN on every image, 62M weights
            // for yolov3; constant ones are folded by grappler and reordered once.
            net.freezeWeights(Network.valuesAll(s, net.variables()));
            net.forward(images, false);
            heads = net.headOutputs();
            session = s;
        } catch (IOException | RuntimeException | Error e) {
            // the Session first: Graph.close() waits forever for sessions still open on it
            if (s != null) s.close();
            graph.close();
            throw e;
        }
    }

    /**
     * Without a weights file (timing and smoke runs) seeded random weights saturate every head: each
     * of yolov3's 10,647 boxes scores ~1.0 in every class, and the run would time NMS over millions
     * of meaningless boxes instead of the network. So the convolution feeding each [yolo] head gets
     * a zero kernel and a bias of -20 (objectness ~2e-9): the whole network still runs, no box passes.
     */
    private void silenceHeads(Network net, Session session) {
        for (int h : spec.heads()) {
            for (int producer : spec.nodes().get(h).inputs()) {
                List<org.tensorflow.op.core.Variable<TFloat32>> v = net.layerVariables(producer);
                if (v.size() != 2) continue; // kernel + bias only; a BN head is left as it is
                net.assign(session, v.get(0), new float[(int) v.get(0).shape().size()]);
                float[] bias = new float[(int) v.get(1).shape().size()];
                java.util.Arrays.fill(bias, -20f);
                net.assign(session, v.get(1), bias);
            }
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Detections per image (in order), scores above {@code threshold}, after NMS at {@code nmsIou}. */
    public List<List<Detection>> detect(List<RgbImage> batch, float threshold, float nmsIou) {
        Shape3 in = spec.input();
        int per = in.h() * in.w() * 3;
        float[] x = new float[batch.size() * per];
        List<Letterbox> boxes = new ArrayList<>();
        for (int b = 0; b < batch.size(); b++) {
            RgbImage img = batch.get(b);
            Letterbox lb = Letterbox.of(img.width(), img.height(), in.w(), in.h());
            lb.fill(img, x, b * per);
            boxes.add(lb);
        }
        List<List<Detection>> found = new ArrayList<>();
        for (int b = 0; b < batch.size(); b++) found.add(new ArrayList<>());
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(batch.size(), in.h(), in.w(), 3), DataBuffers.of(x, true, false))) {
            var runner = session.runner().feed(images, t);
            heads.forEach(runner::fetch);
            try (Result r = runner.run()) {
                for (int k = 0; k < heads.size(); k++) {
                    TFloat32 out = (TFloat32) r.get(k);
                    float[] values = new float[(int) out.shape().size()];
                    out.copyTo(DataBuffers.of(values, false, false));
                    int gh = (int) out.shape().size(1), gw = (int) out.shape().size(2);
                    int size = values.length / batch.size();
                    for (int b = 0; b < batch.size(); b++) {
                        YoloDecoder.decode(values, b * size, gh, gw, yolos.get(k), in.w(), in.h(), threshold, boxes.get(b), found.get(b));
                    }
                }
            }
        }
        List<List<Detection>> kept = new ArrayList<>();
        for (List<Detection> f : found) kept.add(Nms.apply(f, nmsIou));
        return kept;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
