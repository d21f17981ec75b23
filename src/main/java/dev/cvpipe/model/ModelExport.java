package dev.cvpipe.model;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.model.darknet.DarknetWeights;
import dev.cvpipe.report.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a model as a SavedModel (tag "serve") whose "serving_default" signature maps float32 NHWC
 * {@code images} [N, H, W, C] to {@code probabilities}: softmax over classes for classifiers, per
 * pixel for segmentation (sigmoid when there is one class). Detectors export their raw head outputs
 * as {@code head_<layer>}. The directory appears complete or not at all (built beside it, then renamed).
 */
public final class ModelExport {
    /** Where the weights come from: a Session.save checkpoint prefix, a darknet .weights file, or neither (seeded initialisers). */
    public record Weights(Path checkpointPrefix, Path darknetWeights) {
        public static final Weights INITIAL = new Weights(null, null);
    }

    private ModelExport() {}

    public static void export(ModelSpec spec, long seed, Weights weights, Path dir) throws IOException {
        if (Files.exists(dir)) throw new IOException(dir + ": already exists (export writes a new directory)");
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = new Network(tf, spec, seed);
            Shape3 in = spec.input();
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, in.h(), in.w(), in.c())));
            Operand<TFloat32> y = net.forward(images, false);
            Signature.Builder sig = Signature.builder().key(Signature.DEFAULT_KEY).input("images", images);
            switch (spec.kind()) {
                case CLASSIFIER, SEGMENTATION -> {
                    ModelSpec.Node last = spec.nodes().get(spec.output());
                    boolean sigmoid = spec.kind() == ModelSpec.Kind.SEGMENTATION && last.output().c() == 1;
                    // a darknet classifier cfg ends in [softmax] already
                    boolean already = last.layer() instanceof dev.cvpipe.model.layers.Softmax;
                    sig.output("probabilities", already ? y : sigmoid ? tf.math.sigmoid(y) : tf.nn.softmax(y));
                }
                default -> {
                    if (net.headOutputs().isEmpty()) sig.output("output", y);
                    for (int i = 0; i < spec.heads().size(); i++) sig.output("head_" + spec.heads().get(i), net.headOutputs().get(i));
                }
            }
            try (Session s = new Session(g)) {
                if (weights.checkpointPrefix() != null) {
                    s.restore(weights.checkpointPrefix().toString());
                } else {
                    s.initialize();
                    if (weights.darknetWeights() != null) DarknetWeights.load(weights.darknetWeights(), s, net);
                    else Log.warn("%s: no --checkpoint or --weights given, exporting freshly initialised (seed %d) weights", spec.name(), seed);
                }
                write(s, sig.build(), Map.of(), dir);
            }
        }
    }

    /**
     * Writes {@code session}'s graph and variables as a SavedModel (tag "serve") with one
     * signature, plus {@code extras} (file name -> bytes) under {@code assets.extra/}. The
     * directory appears complete or not at all.
     */
    public static void write(Session session, Signature signature, Map<String, byte[]> extras, Path dir) throws IOException {
        if (Files.exists(dir)) throw new IOException(dir + ": already exists (export writes a new directory)");
        // built in a temp folder beside DIR (the exporter creates it), renamed to DIR when complete
        try (AtomicFile.Temp tmp = AtomicFile.temp(dir)) {
            SavedModelBundle.exporter(tmp.path().toString()).withTags("serve").withSession(session).withSignature(signature).export();
            if (!extras.isEmpty()) {
                Path assets = Files.createDirectories(tmp.path().resolve("assets.extra"));
                for (var e : extras.entrySet()) Files.write(assets.resolve(e.getKey()), e.getValue());
            }
            tmp.commit();
        }
    }
}
