package dev.cvpipe.model.darknet;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Shape3;
import dev.cvpipe.model.SizeLimitException;
import dev.cvpipe.model.layers.Activation;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.Crop;
import dev.cvpipe.model.layers.Dense;
import dev.cvpipe.model.layers.Dropout;
import dev.cvpipe.model.layers.GlobalAvgPool;
import dev.cvpipe.model.layers.Layer;
import dev.cvpipe.model.layers.LocalAvgPool;
import dev.cvpipe.model.layers.MaxPool;
import dev.cvpipe.model.layers.Passthrough;
import dev.cvpipe.model.layers.Reorg;
import dev.cvpipe.model.layers.Route;
import dev.cvpipe.model.layers.Scale;
import dev.cvpipe.model.layers.Shortcut;
import dev.cvpipe.model.layers.Softmax;
import dev.cvpipe.model.layers.StopGradient;
import dev.cvpipe.model.layers.SummaryOnly;
import dev.cvpipe.model.layers.Upsample;
import dev.cvpipe.model.layers.YoloLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A darknet .cfg as a {@link ModelSpec}: one layer per section after [net], indices and relative
 * references exactly as darknet counts them. Shape rules follow AlexeyAB's parser.c (conv padding
 * size/2 when pad=1, maxpool padding defaulting to size−1, route groups). Every unknown section or
 * key, and every shape that does not fit, is an IllegalArgumentException starting "FILE:LINE:".
 */
public final class DarknetCfg {
    /** [net] keys: all training/augmentation settings darknet reads, which do not change the graph. */
    private static final Set<String> NET_KEYS = Set.of("batch", "subdivisions", "height", "width", "channels", "inputs",
            "learning_rate", "learning_rate_min", "momentum", "decay", "angle", "saturation", "exposure", "hue", "aspect",
            "burn_in", "max_batches", "policy", "steps", "scales", "seq_scales", "step", "scale", "gamma", "power",
            "max_crop", "min_crop", "time_steps", "adam", "b1", "b2", "eps", "seen", "try_fix_nan", "mosaic", "cutmix",
            "mixup", "letter_box", "ema_alpha", "label_smooth_eps", "blur", "flip", "sgdr_cycle", "sgdr_mult", "track",
            "augment_speed", "max_epochs", "contrastive", "contrastive_jit_flip", "contrastive_color", "resize_step",
            "sequential_subdivisions", "loss_scale", "dynamic_minibatch", "optimized_memory", "workspace_size_limit_mb",
            "gaussian_noise", "mosaic_bound", "unsupervised", "rgb");
    private static final Set<String> CONV_KEYS = Set.of("filters", "size", "stride", "pad", "padding", "groups",
            "batch_normalize", "activation", "dilation", "xnor", "bin_output", "stopbackward", "share_index");
    private static final Set<String> YOLO_KEYS = Set.of("mask", "anchors", "classes", "num", "jitter", "ignore_thresh",
            "truth_thresh", "random", "scale_x_y", "objectness_smooth", "resize", "iou_thresh", "iou_normalizer",
            "cls_normalizer", "obj_normalizer", "iou_loss", "nms_kind", "beta_nms", "new_coords", "max_delta",
            "counters_per_class", "uc_normalizer", "beta1", "embedding_layer", "track_history_size", "sim_thresh",
            "dets_for_show", "dets_for_track", "track_ciou_norm", "max", "focal_loss", "label_smooth_eps", "map");
    private static final Set<String> REGION_KEYS = Set.of("anchors", "bias_match", "classes", "coords", "num", "softmax",
            "jitter", "rescore", "object_scale", "noobject_scale", "class_scale", "coord_scale", "mask_scale", "absolute",
            "thresh", "random", "tree", "map", "log", "sqrt", "max", "classfix", "focal_loss");
    private static final Set<String> DETECTION_KEYS = Set.of("classes", "coords", "rescore", "side", "num", "softmax", "sqrt",
            "jitter", "object_scale", "noobject_scale", "class_scale", "coord_scale", "max", "forced", "random", "reorg");

    private DarknetCfg() {}

    public static ModelSpec read(Path cfg) throws IOException {
        return read(cfg, 0, 0);
    }

    /** Reads the cfg; {@code height}/{@code width} > 0 replace [net]'s input size (like darknet's -width/-height). */
    public static ModelSpec read(Path cfg, int height, int width) throws IOException {
        String name = cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
        return build(name, CfgReader.read(cfg), height, width);
    }

    public static ModelSpec build(String name, List<CfgSection> sections, int height, int width) {
        CfgSection net = sections.get(0);
        if (!net.name().equals("net")) throw net.error(null, "the first section must be [net] or [network]");
        net.rejectUnknown(NET_KEYS);
        int h = height > 0 ? height : net.integer("height", 0);
        int w = width > 0 ? width : net.integer("width", 0);
        int c = net.integer("channels", 0);
        if (c <= 0 && net.has("inputs")) {
            throw net.error("inputs", "a 1-D network (inputs= without height/width/channels); cvpipe builds image networks only");
        }
        if (h <= 0 || w <= 0 || c <= 0) throw net.error(null, "no input size (height, width, channels); give --input HxW");
        ModelSpec.Builder b;
        try {
            b = new ModelSpec.Builder(name, h, w, c);
        } catch (SizeLimitException e) {
            throw new SizeLimitException(net.error(null, "input " + e.getMessage()).getMessage());
        }
        List<Integer> heads = new ArrayList<>();
        for (CfgSection s : sections.subList(1, sections.size())) {
            int index = b.next();
            try {
                addLayer(b, s, index, heads);
            } catch (SizeLimitException e) {
                // still FILE:LINE: [section], but a usage error: the size asked for cannot be built
                throw new SizeLimitException(s.error(null, "layer " + index + ": " + e.getMessage()).getMessage());
            } catch (IllegalArgumentException e) {
                if (e instanceof CfgException) throw e;
                throw s.error(null, "layer " + index + ": " + e.getMessage());
            }
        }
        if (b.next() == 0) throw net.error(null, "no layers after [net]");
        Shape3 last = b.shape(b.last());
        ModelSpec.Kind kind = !heads.isEmpty() ? ModelSpec.Kind.DETECTOR
                : last.h() == 1 && last.w() == 1 ? ModelSpec.Kind.CLASSIFIER : ModelSpec.Kind.OTHER;
        return b.build(kind, b.last(), -1, heads);
    }

    /**
     * The anchors a [yolo] uses: pairs from anchors= picked by mask= (all num of them without a
     * mask); a pair anchors= does not give is 0.5 × 0.5, darknet's default.
     */
    private static YoloLayer yolo(CfgSection s, int index) {
        int num = s.integer("num", 1);
        int[] mask = s.has("mask") ? s.integers("mask") : java.util.stream.IntStream.range(0, num).toArray();
        String a = s.string("anchors", null);
        String[] parts = a == null ? new String[0] : a.split(",");
        float[] anchors = new float[2 * mask.length];
        for (int i = 0; i < mask.length; i++) {
            int m = mask[i];
            if (m < 0) throw s.error("mask", "layer " + index + ": negative mask " + m);
            if (2 * m + 1 >= parts.length) {
                anchors[2 * i] = anchors[2 * i + 1] = 0.5f;
                continue;
            }
            anchors[2 * i] = atof(parts[2 * m]);
            anchors[2 * i + 1] = atof(parts[2 * m + 1]);
        }
        return new YoloLayer(s.integer("classes", 20), anchors, s.number("scale_x_y", 1f), s.flag("new_coords"));
    }

    /** C's atof, as darknet reads anchors: the leading number, 0 if none ("45    61" is 45). */
    private static float atof(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?)").matcher(s);
        return m.find() ? Float.parseFloat(m.group(1)) : 0f;
    }

    private static int ref(CfgSection s, String key, int index, int value) {
        int abs = value < 0 ? index + value : value;
        if (abs < 0 || abs >= index) throw s.error(key, "layer " + index + ": " + key + " refers to layer " + abs + ", which is not an earlier layer");
        return abs;
    }

    private static Activation activation(CfgSection s, String fallback) {
        try {
            return Activation.parse(s.string("activation", fallback));
        } catch (IllegalArgumentException e) {
            throw s.error("activation", e.getMessage());
        }
    }

    private static void addLayer(ModelSpec.Builder b, CfgSection s, int index, List<Integer> heads) {
        int prev = index - 1;
        Shape3 in = b.shape(prev);
        switch (s.name()) {
            case "convolutional" -> {
                s.rejectUnknown(CONV_KEYS);
                int size = s.integer("size", 1);
                int padding = s.flag("pad") ? size / 2 : s.integer("padding", 0);
                Conv conv = new Conv(s.integer("filters", 1), size, size, s.integer("stride", 1), padding, padding,
                        s.integer("groups", 1), s.flag("batch_normalize"), activation(s, "logistic"), 1e-5f);
                int dilation = size == 1 ? 1 : s.integer("dilation", 1);
                Layer layer = conv;
                if (s.has("share_index")) {
                    int shared = s.integer("share_index", 0);
                    int abs = ref(s, "share_index", index, shared);
                    Shape3 out = conv.output(List.of(in));
                    layer = new SummaryOnly("conv", out, 0, conv.flops(List.of(in), out), "share_index=" + shared
                            + " (weights shared with layer " + abs + ") is not supported in the graph");
                } else if (dilation > 1) {
                    Shape3 out = conv.output(List.of(in));
                    layer = new SummaryOnly("conv", out, conv.params(List.of(in)), conv.flops(List.of(in), out),
                            "dilation=" + dilation + " (TF Java's dilated Conv2D gradient is wrong or aborts)");
                }
                if (s.flag("stopbackward")) layer = new StopGradient(layer);
                b.add(layer, prev);
            }
            case "maxpool" -> {
                s.rejectUnknown(Set.of("size", "stride", "padding"));
                int stride = s.integer("stride", 1);
                int size = s.integer("size", stride);
                b.add(new MaxPool(size, stride, s.integer("padding", size - 1)), prev);
            }
            case "local_avgpool" -> {
                s.rejectUnknown(Set.of("size", "stride", "padding"));
                int stride = s.integer("stride", 1);
                int size = s.integer("size", stride);
                b.add(new LocalAvgPool(size, stride, s.integer("padding", size - 1)), prev);
            }
            case "contrastive" -> {
                s.rejectUnknown(Set.of("classes", "temperature", "yolo_layer", "cls_normalizer", "max_delta", "contrastive_neg_max"));
                if (s.has("yolo_layer")) ref(s, "yolo_layer", index, s.integer("yolo_layer", 0));
                b.add(new Passthrough("contrastive"), prev);
            }
            case "crnn" -> {
                s.rejectUnknown(Set.of("batch_normalize", "size", "stride", "pad", "padding", "output", "hidden", "activation", "groups"));
                activation(s, "logistic");
                int size = s.integer("size", 3), stride = s.integer("stride", 1);
                int padding = s.flag("pad") ? size / 2 : s.integer("padding", 0);
                int hidden = s.integer("hidden", 1), output = s.integer("output", 1);
                boolean bn = s.flag("batch_normalize");
                // three convolutions: input -> hidden, hidden -> hidden (the recurrence), hidden -> output
                Conv toHidden = new Conv(hidden, size, size, stride, padding, padding, 1, bn, Activation.LINEAR, 1e-5f);
                Conv self = new Conv(hidden, size, size, stride, padding, padding, 1, bn, Activation.LINEAR, 1e-5f);
                Conv toOutput = new Conv(output, size, size, stride, padding, padding, 1, bn, Activation.LINEAR, 1e-5f);
                Shape3 h1 = toHidden.output(List.of(in));
                Shape3 h2 = self.output(List.of(h1));
                Shape3 out = toOutput.output(List.of(h2));
                long params = toHidden.params(List.of(in)) + self.params(List.of(h1)) + toOutput.params(List.of(h2));
                double flops = toHidden.flops(List.of(in), h1) + self.flops(List.of(h1), h2) + toOutput.flops(List.of(h2), out);
                b.add(new SummaryOnly("crnn", out, params, flops, "recurrent layers are not supported"), prev);
            }
            case "avgpool" -> {
                s.rejectUnknown(Set.of());
                b.add(new GlobalAvgPool(), prev);
            }
            case "route" -> {
                s.rejectUnknown(Set.of("layers", "groups", "group_id", "onlyforward"));
                int[] layers = s.integers("layers");
                for (int i = 0; i < layers.length; i++) layers[i] = ref(s, "layers", index, layers[i]);
                Layer route = new Route(s.integer("groups", 1), s.integer("group_id", 0));
                b.add(s.flag("onlyforward") ? new StopGradient(route) : route, layers);
            }
            case "shortcut" -> {
                s.rejectUnknown(Set.of("from", "activation"));
                int[] from = s.integers("from");
                int[] inputs = new int[from.length + 1];
                inputs[0] = prev;
                for (int i = 0; i < from.length; i++) inputs[i + 1] = ref(s, "from", index, from[i]);
                b.add(new Shortcut(activation(s, "linear")), inputs);
            }
            case "sam", "scale_channels" -> {
                s.rejectUnknown(Set.of("from", "activation"));
                int from = ref(s, "from", index, s.integer("from", 0));
                b.add(new Scale(s.name(), activation(s, "linear")), prev, from);
            }
            case "upsample" -> {
                s.rejectUnknown(Set.of("stride", "scale"));
                if (s.number("scale", 1f) != 1f) throw s.error("scale", "upsample scale other than 1 is not supported");
                b.add(new Upsample(s.integer("stride", 2)), prev);
            }
            case "reorg", "reorg3d" -> {
                s.rejectUnknown(Set.of("stride"));
                b.add(new Reorg(s.integer("stride", 1)), prev);
            }
            case "connected" -> {
                s.rejectUnknown(Set.of("output", "activation"));
                b.add(new Dense(s.integer("output", 1), activation(s, "logistic")), prev);
            }
            case "softmax" -> {
                s.rejectUnknown(Set.of("groups", "tree", "temperature"));
                int groups = s.integer("groups", 1);
                if (groups != 1 || s.has("tree")) {
                    b.add(new SummaryOnly("softmax", in, 0, 0, s.has("tree") ? "hierarchical softmax (tree=) is not supported"
                            : "softmax groups=" + groups + " is not supported"), prev);
                } else {
                    b.add(new Softmax(s.number("temperature", 1f)), prev);
                }
            }
            case "dropout" -> {
                s.rejectUnknown(Set.of("probability"));
                b.add(new Dropout(s.number("probability", 0.2f)), prev);
            }
            case "cost" -> {
                s.rejectUnknown(Set.of("type", "scale", "ratio"));
                b.add(new Passthrough("cost"), prev);
            }
            case "crop" -> {
                s.rejectUnknown(Set.of("crop_height", "crop_width", "flip", "exposure", "saturation", "angle", "shift", "noadjust"));
                b.add(new Crop(s.integer("crop_height", 1), s.integer("crop_width", 1)), prev);
            }
            case "local" -> {
                s.rejectUnknown(Set.of("filters", "size", "stride", "pad", "activation"));
                activation(s, "logistic");
                int n = s.integer("filters", 1), size = s.integer("size", 1), stride = s.integer("stride", 1);
                boolean pad = s.flag("pad");
                int oh = (pad ? in.h() - 1 : in.h() - size) / stride + 1, ow = (pad ? in.w() - 1 : in.w() - size) / stride + 1;
                Shape3 out = new Shape3(n, oh, ow);
                long locations = (long) oh * ow;
                long weights = locations * size * size * in.c() * n;
                b.add(new SummaryOnly("local", out, weights + locations * n, 2.0 * weights,
                        "locally connected layers are not supported"), prev);
            }
            case "yolo" -> {
                s.rejectUnknown(YOLO_KEYS);
                b.add(yolo(s, index), prev);
                heads.add(index);
            }
            case "gaussian_yolo" -> {
                s.rejectUnknown(YOLO_KEYS);
                int classes = s.integer("classes", 20);
                int anchors = s.has("mask") ? s.integers("mask").length : s.integer("num", 1);
                if (in.c() != anchors * (classes + 9)) {
                    throw s.error(null, "layer " + index + ": input has " + in.c() + " channels but " + anchors + " anchors × (classes "
                            + classes + " + 9) = " + anchors * (classes + 9) + " (filters= of the conv before it)");
                }
                heads.add(b.add(new Passthrough(s.name()), prev));
            }
            case "region" -> {
                s.rejectUnknown(REGION_KEYS);
                int expected = s.integer("num", 1) * (s.integer("classes", 20) + s.integer("coords", 4) + 1);
                if (in.c() != expected) {
                    throw s.error(null, "layer " + index + ": input has " + in.c() + " channels but num × (classes + coords + 1) = " + expected);
                }
                heads.add(b.add(new Passthrough("region"), prev));
            }
            case "detection" -> {
                s.rejectUnknown(DETECTION_KEYS);
                int side = s.integer("side", 7);
                int expected = side * side * (s.integer("num", 1) * (s.integer("coords", 1) + 1) + s.integer("classes", 1));
                if (in.size() != expected) {
                    throw s.error(null, "layer " + index + ": input has " + in.size() + " values but side² × (classes + num × (coords + 1)) = " + expected);
                }
                heads.add(b.add(new Passthrough("detection"), prev));
            }
            case "net" -> throw s.error(null, "a second [net] section");
            default -> throw s.error(null, "unknown or unsupported section [" + s.name() + "]");
        }
    }
}
