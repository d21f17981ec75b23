package dev.cvpipe.model;

import dev.cvpipe.model.layers.Forward;
import dev.cvpipe.model.layers.Layer;
import dev.cvpipe.model.layers.Vars;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A {@link ModelSpec} in a TensorFlow graph. The constructor creates every variable once (under
 * the scope {@code name/}); each {@link #forward} call adds a new branch of ops reading those same
 * variables, so one graph can hold a training branch and an evaluation branch.
 *
 * <p>Initialising: after building, call {@code session.initialize()} once (runs the seeded
 * initialisers), or {@code session.restore(prefix)} to load a checkpoint written by
 * {@code session.save(prefix)} — restore needs no initialize. Images are float32 NHWC of exactly
 * the spec's input size; scaling/normalising them is the caller's business.
 */
public final class Network {
    private final ModelSpec spec;
    private final Ops modelOps;
    private final Vars vars;
    private final long seed;
    private final List<Layer.Built> built = new ArrayList<>();
    private final List<String> layerScopes = new ArrayList<>();
    private final List<Op> updateOps = new ArrayList<>();
    private final Map<Variable<TFloat32>, Assigner> assigners = new HashMap<>();
    private Set<Variable<TFloat32>> backbone;
    private int branches;
    private boolean foldBatchNorm;
    private Map<Variable<TFloat32>, float[]> frozenWeights = Map.of();
    private Operand<TFloat32> lastAux;
    private List<Operand<TFloat32>> lastHeads = List.of();
    private Map<Integer, Operand<TFloat32>> lastOutputs = Map.of();
    private Operand<TFloat32> bnMomentum;

    public Network(Ops tf, ModelSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
        this.modelOps = tf.withSubScope(scopeName(spec.name()));
        this.vars = new Vars(modelOps, seed);
        for (ModelSpec.Node n : spec.nodes()) {
            String scope = String.format("L%03d_%s", n.index(), n.layer().type());
            layerScopes.add(scope);
            vars.enterLayer(scope);
            List<Shape3> in = new ArrayList<>();
            for (int i : n.inputs()) in.add(spec.shapeOf(i));
            built.add(n.layer().instantiate(vars, in));
        }
    }

    private static String scopeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.\\-]", "_");
        return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "m" + s : s;
    }

    /** Inference passes built after this call fold BN into their convolutions (for bf16; see layers.Conv). */
    public void foldBatchNormAtInference(boolean fold) {
        this.foldBatchNorm = fold;
    }

    /**
     * Inference passes built after this call read these variables as constants with these values
     * (one per variable, in {@link #variables()} order): an inference graph for one set of weights,
     * built once per process. Its variables need no initialisation.
     */
    public void freezeWeights(List<float[]> values) {
        List<Variable<TFloat32>> vs = variables();
        if (values.size() != vs.size()) throw new IllegalArgumentException(spec.name() + " has " + vs.size() + " variables, got " + values.size() + " value arrays");
        Map<Variable<TFloat32>, float[]> m = new HashMap<>();
        for (int i = 0; i < vs.size(); i++) {
            if (values.get(i).length != vs.get(i).shape().size()) {
                throw new IllegalArgumentException(vs.get(i).op().name() + " holds " + vs.get(i).shape().size() + " values, got " + values.get(i).length);
            }
            m.put(vs.get(i), values.get(i));
        }
        frozenWeights = m;
    }

    /**
     * Adds a forward pass: logits [N, classes] for classifiers, [N, H, W, classes] for segmentation,
     * the last layer's NHWC output otherwise. In training mode BN uses batch statistics and adds its
     * moving-average assigns to {@link #updateOps()}, dropout is on, and inception's aux head is built
     * (see {@link #auxLogits()}).
     */
    public Operand<TFloat32> forward(Operand<TFloat32> imagesNHWC, boolean training) {
        return forward(imagesNHWC, training, false);
    }

    /**
     * A forward pass whose {@link ModelSpec#backboneLayers() backbone} runs in inference mode when
     * {@code frozenBackbone}: its BN normalises with the moving statistics and adds no update ops,
     * so only the head's BN statistics move (PyTorch's {@code backbone.eval()} during a frozen phase).
     */
    public Operand<TFloat32> forward(Operand<TFloat32> imagesNHWC, boolean training, boolean frozenBackbone) {
        Shape3 in = spec.input();
        Shape s = imagesNHWC.shape();
        if (s.numDimensions() != 4 || (s.size(1) >= 0 && s.size(1) != in.h()) || (s.size(2) >= 0 && s.size(2) != in.w())
                || (s.size(3) >= 0 && s.size(3) != in.c())) {
            throw new IllegalArgumentException(spec.name() + " takes images [N, " + in.h() + ", " + in.w() + ", " + in.c() + "], got " + s);
        }
        String branch = (training ? frozenBackbone ? "train_frozen" : "train" : "eval") + (branches++ == 0 ? "" : "_" + branches);
        boolean[] frozen = frozenBackbone ? spec.backboneLayers() : new boolean[spec.nodes().size()];
        Ops tf = modelOps.withSubScope(branch);
        if (training && bnMomentum == null) {
            bnMomentum = modelOps.withName("bn_momentum").placeholderWithDefault(modelOps.constant(Forward.BN_MOMENTUM), Shape.scalar());
        }
        Operand<TFloat32> momentum = training ? bnMomentum : null;

        boolean[] needed = new boolean[spec.nodes().size()];
        List<Integer> wanted = new ArrayList<>(List.of(spec.output()));
        if (training && spec.auxOutput() >= 0) wanted.add(spec.auxOutput());
        wanted.addAll(spec.heads());
        for (int w : wanted) mark(needed, w);

        Map<Integer, Operand<TFloat32>> out = new HashMap<>();
        out.put(-1, imagesNHWC);
        for (ModelSpec.Node n : spec.nodes()) {
            if (!needed[n.index()]) continue;
            List<Operand<TFloat32>> xs = new ArrayList<>();
            for (int i : n.inputs()) xs.add(out.get(i));
            boolean layerTraining = training && !frozen[n.index()];
            Forward layerF = new Forward(tf.withSubScope(layerScopes.get(n.index())), layerTraining, updateOps, seed,
                    layerTraining ? momentum : null, foldBatchNorm, frozenWeights);
            out.put(n.index(), built.get(n.index()).apply(layerF, xs));
        }
        lastAux = training && spec.auxOutput() >= 0 ? flatten(tf, out.get(spec.auxOutput())) : null;
        List<Operand<TFloat32>> heads = new ArrayList<>();
        for (int h : spec.heads()) heads.add(out.get(h));
        lastHeads = heads;
        lastOutputs = out;
        Operand<TFloat32> y = out.get(spec.output());
        return spec.kind() == ModelSpec.Kind.CLASSIFIER ? flatten(tf, y) : y;
    }

    private Operand<TFloat32> flatten(Ops tf, Operand<TFloat32> y) {
        return tf.reshape(y, tf.constant(new long[] {-1, spec.nodes().get(spec.output()).output().c()}));
    }

    private void mark(boolean[] needed, int index) {
        if (index < 0 || needed[index]) return;
        needed[index] = true;
        for (int i : spec.nodes().get(index).inputs()) mark(needed, i);
    }

    /**
     * The BN moving-average factor of the training branches (PyTorch's momentum, default 0.1), a
     * scalar to feed: {@code 1/k} at the k-th batch of a statistics pass averages the pass's batch
     * statistics as torch's {@code update_bn}. Null before a training forward.
     */
    public Operand<TFloat32> bnMomentum() {
        return bnMomentum;
    }

    /** Inception's AuxLogits [N, classes] from the last training-mode forward, else null. */
    public Operand<TFloat32> auxLogits() {
        return lastAux;
    }

    /** Each built layer's output from the last forward, by layer index (-1 = the images). */
    public Map<Integer, Operand<TFloat32>> layerOutputs() {
        return java.util.Collections.unmodifiableMap(lastOutputs);
    }

    /** Outputs of the [yolo]/[region] heads from the last forward, NHWC, in layer order. */
    public List<Operand<TFloat32>> headOutputs() {
        return lastHeads;
    }

    /** Variables training updates: kernels, biases, BN scale and offset of layers a gradient reaches. */
    public List<Variable<TFloat32>> trainableVariables() {
        boolean[] reached = spec.trainableLayers();
        List<Variable<TFloat32>> out = new ArrayList<>();
        for (ModelSpec.Node n : spec.nodes()) {
            if (!reached[n.index()]) continue;
            for (Variable<TFloat32> v : vars.ofLayer(layerScopes.get(n.index()))) if (vars.role(v) != Vars.Role.MOVING) out.add(v);
        }
        return out;
    }

    /** Whether {@code v} belongs to a {@link ModelSpec#backboneLayers() backbone} layer (BN moving statistics included). */
    public boolean inBackbone(Variable<TFloat32> v) {
        if (backbone == null) {
            Set<Variable<TFloat32>> b = new HashSet<>();
            boolean[] layers = spec.backboneLayers();
            for (ModelSpec.Node n : spec.nodes()) if (layers[n.index()]) b.addAll(vars.ofLayer(layerScopes.get(n.index())));
            backbone = b;
        }
        return backbone.contains(v);
    }

    /** Kernels of conv and dense layers: the variables weight decay applies to (not BN, not biases). */
    public List<Variable<TFloat32>> weightDecayVariables() {
        return trainableVariables().stream().filter(this::decays).toList();
    }

    public boolean decays(Variable<TFloat32> v) {
        return vars.role(v) == Vars.Role.KERNEL;
    }

    /** Every variable, trainable ones and BN moving statistics, in creation order. */
    public List<Variable<TFloat32>> variables() {
        return vars.all();
    }

    /** Variables of layer {@code index}: kernel, bias, or kernel, BN scale, offset, mean, variance. */
    public List<Variable<TFloat32>> layerVariables(int index) {
        return vars.ofLayer(layerScopes.get(index));
    }

    /**
     * Overwrites a variable (any of this network's) with {@code values} in its own row-major layout,
     * through a placeholder and assign op created on first use.
     */
    public void assign(Session session, Variable<TFloat32> v, float[] values) {
        assignAll(session, Map.of(v, values));
    }

    /**
     * Overwrites many variables in ONE session run (all placeholders fed together): one run per
     * variable costs 20-50 s for a ResNet-50's 300 variables, one run for all about 2 s.
     */
    public void assignAll(Session session, Map<Variable<TFloat32>, float[]> values) {
        if (values.isEmpty()) return;
        prepareAssign(values.keySet());
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (var e : values.entrySet()) {
                Variable<TFloat32> v = e.getKey();
                long n = v.shape().size();
                if (e.getValue().length != n) {
                    throw new IllegalArgumentException(v.op().name() + " holds " + n + " values, got " + e.getValue().length);
                }
                Assigner a = assigners.get(v);
                TFloat32 t = TFloat32.tensorOf(v.shape(), DataBuffers.of(e.getValue(), true, false));
                tensors.add(t);
                r.feed(a.placeholder(), t).addTarget(a.assign());
            }
            r.run();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /**
     * Adds the placeholder + assign ops that {@link #assignAll} feeds for these variables. Calling it
     * before the session first runs saves extending a large (training) graph at load time.
     */
    public void prepareAssign(java.util.Collection<Variable<TFloat32>> vs) {
        for (Variable<TFloat32> v : vs) {
            assigners.computeIfAbsent(v, k -> {
                Ops tf = modelOps.withSubScope("assign");
                Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(k.shape()));
                return new Assigner(p, tf.assign(k, p));
            });
        }
    }

    /** A variable's current values, row-major in its own shape. */
    public static float[] values(Session session, Variable<TFloat32> v) {
        return valuesAll(session, List.of(v)).get(0);
    }

    /** Several variables' values fetched in one session run, in the order asked. */
    public static List<float[]> valuesAll(Session session, List<Variable<TFloat32>> vs) {
        if (vs.isEmpty()) return List.of();
        Session.Runner r = session.runner();
        for (Variable<TFloat32> v : vs) r.fetch(v);
        try (Result res = r.run()) {
            List<float[]> out = new ArrayList<>(vs.size());
            for (int i = 0; i < vs.size(); i++) {
                TFloat32 t = (TFloat32) res.get(i);
                float[] a = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(a, false, false));
                out.add(a);
            }
            return out;
        }
    }

    private record Assigner(Placeholder<TFloat32> placeholder, Op assign) {}

    /** BN moving-average assigns created by training-mode forward passes: run them with every train step. */
    public List<Op> updateOps() {
        return List.copyOf(updateOps);
    }

    /** Parameters actually created in the graph, BN moving statistics excluded (counted from the variables' shapes). */
    public long graphParams() {
        long p = 0;
        for (Variable<TFloat32> v : vars.trainable()) p += v.shape().size();
        return p;
    }

    public List<LayerInfo> summary() {
        return spec.summary();
    }

    public ModelSpec spec() {
        return spec;
    }
}
