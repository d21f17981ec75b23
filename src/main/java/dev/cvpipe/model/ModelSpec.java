package dev.cvpipe.model;

import dev.cvpipe.model.layers.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A network as a numbered list of layers, each reading earlier layers by index (-1 = the input
 * image), with every shape, parameter count and FLOP figure worked out in plain Java. Summaries
 * come from here without TensorFlow; {@link Network} turns the same list into graph ops.
 */
public final class ModelSpec {
    /** What forward() returns: logits [N, classes], per-pixel logits [N, H, W, classes], or raw outputs. */
    public enum Kind { CLASSIFIER, SEGMENTATION, DETECTOR, OTHER }

    /** One layer in place: what it reads (-1 = the image), what it produces. */
    public record Node(int index, Layer layer, int[] inputs, Shape3 output, long params, double flops) {
        /**
         * The layers worth naming in a summary: every input of a route, otherwise the inputs other
         * than the previous layer (a shortcut's {@code from}, a branch that restarts further back).
         */
        public List<Integer> from() {
            if (inputs.length == 1 && inputs[0] == index - 1) return List.of();
            if (layer instanceof dev.cvpipe.model.layers.Route) return Arrays.stream(inputs).boxed().toList();
            return Arrays.stream(inputs).filter(i -> i != index - 1).boxed().toList();
        }
    }

    private final String name;
    private final Shape3 input;
    private final List<Node> nodes;
    private final Kind kind;
    private final int output;
    private final int auxOutput;
    private final List<Integer> heads;
    private final java.util.Map<Integer, TorchModule> torchModules;

    /**
     * Where a layer's weights live in PyTorch's state_dict (torchvision / smp module paths): the conv
     * or linear module, and the BatchNorm module that follows a conv (null when there is none).
     */
    public record TorchModule(String weights, String bn) {}

    private ModelSpec(Builder b, Kind kind, int output, int auxOutput, List<Integer> heads) {
        this.torchModules = java.util.Map.copyOf(b.torchModules);
        this.name = b.name;
        this.input = b.input;
        this.nodes = List.copyOf(b.nodes);
        this.kind = kind;
        this.output = output;
        this.auxOutput = auxOutput;
        this.heads = List.copyOf(heads);
    }

    public String name() {
        return name;
    }

    /** Input as C×H×W. */
    public Shape3 input() {
        return input;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Kind kind() {
        return kind;
    }

    /** Index of the layer forward() returns. */
    public int output() {
        return output;
    }

    /** Index of inception's AuxLogits dense layer, or -1. */
    public int auxOutput() {
        return auxOutput;
    }

    /** Detection heads ([yolo]/[region] layers) in order, empty for other models. */
    public List<Integer> heads() {
        return heads;
    }

    /** The PyTorch module of layer {@code index}, or null when the builder named none. */
    public TorchModule torchModule(int index) {
        return torchModules.get(index);
    }

    public long params() {
        long p = 0;
        for (Node n : nodes) p += n.params();
        return p;
    }

    /** Billions of FLOPs, summed per layer as darknet does. */
    public double bflops() {
        double f = 0;
        for (Node n : nodes) f += n.flops();
        return f / 1e9;
    }

    /**
     * Which layers receive a gradient from the outputs (forward output, aux head, detection heads):
     * all of them, except layers at or behind a stop-gradient (darknet's stopbackward/onlyforward).
     */
    public boolean[] trainableLayers() {
        boolean[] reached = new boolean[nodes.size()];
        List<Integer> starts = new ArrayList<>(List.of(output));
        if (auxOutput >= 0) starts.add(auxOutput);
        starts.addAll(heads);
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(starts);
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if (i < 0 || reached[i] || nodes.get(i).layer() instanceof dev.cvpipe.model.layers.StopGradient) continue;
            reached[i] = true;
            for (int j : nodes.get(i).inputs()) todo.push(j);
        }
        return reached;
    }

    /** Parameters that training updates (see {@link #trainableLayers()}). */
    public long trainableParams() {
        boolean[] t = trainableLayers();
        long p = 0;
        for (Node n : nodes) if (t[n.index()]) p += n.params();
        return p;
    }

    /**
     * The backbone: the feature extractor that ImageNet-style pretrained files provide and that
     * fine-tuning freezes first ({@code --freeze-backbone}) or trains slower ({@code --backbone-lr-mult}).
     * Everything else is the head, the part a new task must learn:
     * <ul>
     *   <li>classifiers: every layer the main output reads except the last layer with weights on its
     *       path (ResNet's and inception-v3's {@code fc}, darknet53's 1×1 classifier conv); inception's
     *       AuxLogits branch is head too;</li>
     *   <li>segmentation: the encoder, every layer before the decoder's first upsampling (smp's
     *       {@code encoder.*}); decoder blocks and {@code segmentation_head} are the head;</li>
     *   <li>detectors and other networks: no backbone (all false).</li>
     * </ul>
     */
    public boolean[] backboneLayers() {
        boolean[] backbone = new boolean[nodes.size()];
        if (kind == Kind.CLASSIFIER) {
            int head = output;
            while (head >= 0 && nodes.get(head).params() == 0 && nodes.get(head).inputs().length == 1) head = nodes.get(head).inputs()[0];
            if (head < 0) return backbone;
            java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
            for (int i : nodes.get(head).inputs()) todo.push(i);
            while (!todo.isEmpty()) {
                int i = todo.pop();
                if (i < 0 || backbone[i]) continue;
                backbone[i] = true;
                for (int j : nodes.get(i).inputs()) todo.push(j);
            }
        } else if (kind == Kind.SEGMENTATION) {
            for (Node n : nodes) {
                if (n.layer() instanceof dev.cvpipe.model.layers.Upsample) {
                    for (int i = 0; i < n.index(); i++) backbone[i] = true;
                    break;
                }
            }
        }
        return backbone;
    }

    public List<LayerInfo> summary() {
        List<LayerInfo> rows = new ArrayList<>(nodes.size());
        for (Node n : nodes) rows.add(new LayerInfo(n.index(), n.layer().type(), n.output(), n.params(), n.flops() / 1e9, n.from()));
        return rows;
    }

    public Shape3 shapeOf(int index) {
        return index < 0 ? input : nodes.get(index).output();
    }

    public static final class Builder {
        private final String name;
        private final Shape3 input;
        private final List<Node> nodes = new ArrayList<>();
        private final java.util.Map<Integer, TorchModule> torchModules = new java.util.HashMap<>();

        /** Names layer {@code index} after its PyTorch modules (see {@link TorchModule}); returns the index. */
        public int torch(int index, String weights, String bn) {
            torchModules.put(index, new TorchModule(weights, bn));
            return index;
        }

        /** Names a layer without BN (linear, conv with bias) after its PyTorch module. */
        public int torch(int index, String weights) {
            return torch(index, weights, null);
        }

        public Builder(String name, int height, int width, int channels) {
            this.name = name;
            this.input = new Shape3(channels, height, width);
        }

        /** Index the next layer will get. */
        public int next() {
            return nodes.size();
        }

        /** The last layer added (-1 = input). */
        public int last() {
            return nodes.size() - 1;
        }

        public Shape3 shape(int index) {
            return index < 0 ? input : nodes.get(index).output();
        }

        /** Adds a layer reading the previous one. */
        public int add(Layer layer) {
            return add(layer, last());
        }

        /** Adds a layer reading the given layers (absolute indices, -1 = input); returns its index. */
        public int add(Layer layer, int... inputs) {
            int index = nodes.size();
            List<Shape3> in = new ArrayList<>();
            for (int i : inputs) {
                if (i < -1 || i >= index) throw new IllegalArgumentException("layer " + index + " reads layer " + i + ", which does not exist yet");
                in.add(shape(i));
            }
            Shape3 out;
            long params;
            try {
                out = layer.output(in);
                params = layer.params(in);
            } catch (ArithmeticException e) {
                throw new SizeLimitException(layer.type() + " on " + in + ": sizes overflow (is the input size or a size/stride value far too large?)");
            }
            if (params > Shape3.MAX_VALUES) {
                throw new SizeLimitException(layer.type() + " has " + params + " parameters, more than " + Shape3.MAX_VALUES + " one variable can hold");
            }
            nodes.add(new Node(index, layer, inputs.clone(), out, params, layer.flops(in, out)));
            return index;
        }

        public ModelSpec build(Kind kind) {
            return build(kind, last(), -1, List.of());
        }

        public ModelSpec build(Kind kind, int output, int auxOutput, List<Integer> heads) {
            if (nodes.isEmpty()) throw new IllegalArgumentException(name + " has no layers");
            return new ModelSpec(this, kind, output, auxOutput, heads);
        }
    }
}
