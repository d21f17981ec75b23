package dev.cvpipe.model.weights;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Shape3;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.Dense;
import dev.cvpipe.model.layers.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which PyTorch tensor feeds which cvpipe variable, by name and shape (never by position). The
 * names come from the model builders ({@link ModelSpec#torchModule}): torchvision's for the
 * classifiers, smp's ({@code encoder.} + torchvision, {@code decoder.blocks...},
 * {@code segmentation_head.0}) for the U-Nets. Works on the spec alone: no TensorFlow.
 */
public final class TorchMapping {
    /** Tensors outside the backbone: a mismatch there re-initialises instead of failing. */
    private static final List<String> HEADS = List.of("fc.", "AuxLogits.", "decoder.", "segmentation_head.");

    /** How a tensor's layout differs between PyTorch and cvpipe. */
    public enum Layout { SAME, CONV, LINEAR }

    /** One cvpipe variable and the PyTorch tensor it corresponds to. */
    public record Slot(String tensor, long[] shape, int layer, int var, String variable, Layout layout, boolean head) {
        float[] toCvpipe(float[] torch) {
            return switch (layout) {
                case SAME -> torch;
                case CONV -> Layouts.oihwToHwio(torch, (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3]);
                case LINEAR -> Layouts.transpose(torch, (int) shape[0], (int) shape[1]);
            };
        }

        float[] toTorch(float[] ours) {
            return switch (layout) {
                case SAME -> ours;
                case CONV -> Layouts.hwioToOihw(ours, (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3]);
                case LINEAR -> Layouts.transpose(ours, (int) shape[1], (int) shape[0]);
            };
        }
    }

    private TorchMapping() {}

    /** Whether the model's builder names its layers after PyTorch modules. */
    public static boolean hasTorchNames(ModelSpec spec) {
        for (ModelSpec.Node n : spec.nodes()) if (spec.torchModule(n.index()) != null) return true;
        return false;
    }

    /**
     * Every variable of the spec with its PyTorch tensor, in layer order (BN's num_batches_tracked,
     * which has no cvpipe variable, is not a slot).
     */
    public static List<Slot> slots(ModelSpec spec) {
        List<Slot> out = new ArrayList<>();
        for (ModelSpec.Node n : spec.nodes()) {
            Layer l = n.layer();
            if (!(l instanceof Conv) && !(l instanceof Dense)) continue;
            ModelSpec.TorchModule m = spec.torchModule(n.index());
            if (m == null) {
                throw new IllegalArgumentException(spec.name() + " has no PyTorch names for layer " + n.index()
                        + " (pretrained .pth/.safetensors weights load into resnet18/34/50/101, inception-v3, unet-resnet34, unetpp-resnet34)");
            }
            String scope = String.format(Locale.ROOT, "L%03d_%s/", n.index(), l.type());
            Shape3 in = spec.shapeOf(n.inputs()[0]);
            if (l instanceof Conv c) {
                long[] k = {c.filters(), in.c() / c.groups(), c.kh(), c.kw()};
                out.add(slot(m.weights() + ".weight", k, n.index(), 0, scope + "kernel", Layout.CONV));
                long[] f = {c.filters()};
                if (c.batchNorm()) {
                    String bn = m.bn();
                    out.add(slot(bn + ".weight", f, n.index(), 1, scope + "bn_scale", Layout.SAME));
                    out.add(slot(bn + ".bias", f, n.index(), 2, scope + "bn_offset", Layout.SAME));
                    out.add(slot(bn + ".running_mean", f, n.index(), 3, scope + "bn_mean", Layout.SAME));
                    out.add(slot(bn + ".running_var", f, n.index(), 4, scope + "bn_variance", Layout.SAME));
                } else {
                    out.add(slot(m.weights() + ".bias", f, n.index(), 1, scope + "bias", Layout.SAME));
                }
            } else if (l instanceof Dense d) {
                out.add(slot(m.weights() + ".weight", new long[] {d.outputs(), in.size()}, n.index(), 0, scope + "kernel", Layout.LINEAR));
                out.add(slot(m.weights() + ".bias", new long[] {d.outputs()}, n.index(), 1, scope + "bias", Layout.SAME));
            }
        }
        return out;
    }

    private static Slot slot(String tensor, long[] shape, int layer, int var, String variable, Layout layout) {
        boolean head = HEADS.stream().anyMatch(tensor::startsWith);
        return new Slot(tensor, shape, layer, var, variable, layout, head);
    }

    /**
     * Matches a file's tensors to the spec's slots. A backbone tensor that is missing or of another
     * shape is a one-line IllegalArgumentException naming it; a head tensor that is missing or of
     * another shape keeps its fresh initialisation. An encoder-only file (torchvision / timm names)
     * feeds a U-Net's {@code encoder.} tensors.
     */
    public static Plan plan(ModelSpec spec, Map<String, Tensor> file, String fileName) {
        List<Slot> slots = slots(spec);
        Map<String, Tensor> tensors = file;
        boolean wantsEncoder = slots.stream().anyMatch(s -> s.tensor().startsWith("encoder."));
        if (wantsEncoder && file.keySet().stream().noneMatch(k -> k.startsWith("encoder."))) {
            tensors = new LinkedHashMap<>();
            for (var e : file.entrySet()) tensors.put("encoder." + e.getKey(), e.getValue());
        }
        List<Row> rows = new ArrayList<>();
        Map<Slot, Tensor> load = new LinkedHashMap<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Slot s : slots) {
            Tensor t = tensors.get(s.tensor());
            if (t == null) {
                if (!s.head()) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: no tensor '%s' %s, which %s needs (the file has %d tensors%s)",
                            fileName, asFileNames(s.tensor(), tensors == file), Arrays.toString(s.shape()), spec.name(), file.size(), hint(file)));
                }
                rows.add(new Row(s.tensor(), Arrays.toString(s.shape()), s.variable(), Status.REINITIALISED, "not in the file"));
            } else if (!Arrays.equals(t.shape(), s.shape())) {
                if (!s.head()) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: tensor '%s' is %s in the file but %s needs %s",
                            fileName, asFileNames(s.tensor(), tensors == file), t.shapeText(), spec.name(), Arrays.toString(s.shape())));
                }
                rows.add(new Row(s.tensor(), Arrays.toString(s.shape()), s.variable(), Status.REINITIALISED, "file has " + t.shapeText()));
            } else {
                load.put(s, t);
                used.add(s.tensor());
                rows.add(new Row(s.tensor(), Arrays.toString(s.shape()), s.variable(), Status.LOADED, t.dtype().name()));
            }
        }
        int unused = 0;
        for (var e : tensors.entrySet()) {
            if (used.contains(e.getKey()) || e.getKey().endsWith("num_batches_tracked")) continue;
            unused++;
            String name = tensors == file ? e.getKey() : e.getKey().substring("encoder.".length()); // as the file names it
            rows.add(new Row(name, e.getValue().shapeText(), "", Status.UNUSED, ""));
        }
        int reinit = (int) rows.stream().filter(r -> r.status() == Status.REINITIALISED).count();
        return new Plan(rows, load, load.size(), reinit, unused);
    }

    /** A slot's tensor name as an encoder-only file spells it (without smp's {@code encoder.}), so the user can find it. */
    private static String asFileNames(String tensor, boolean fileHasSmpNames) {
        return !fileHasSmpNames && tensor.startsWith("encoder.") ? tensor.substring("encoder.".length()) : tensor;
    }

    private static String hint(Map<String, Tensor> file) {
        String first = file.keySet().iterator().next();
        return ", the first is '" + first + "'";
    }

    /** What happens to one tensor. */
    public enum Status {
        LOADED, REINITIALISED, UNUSED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One line of the mapping: PyTorch tensor, its shape, the cvpipe variable, what happens, and why. */
    public record Row(String tensor, String shape, String variable, Status status, String note) {}

    /** The whole mapping: rows for people, the tensors to load, and the three counts. */
    public record Plan(List<Row> rows, Map<Slot, Tensor> load, int loaded, int reinitialised, int unused) {}

    /** The PyTorch state_dict of these cvpipe values (one array per slot, cvpipe layout), with BN's num_batches_tracked. */
    static Map<String, Tensor> stateDict(List<Slot> slots, List<float[]> values) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            out.put(s.tensor(), Tensor.f32(s.shape(), s.toTorch(values.get(i))));
            if (s.tensor().endsWith(".running_var")) {
                String bn = s.tensor().substring(0, s.tensor().length() - ".running_var".length());
                out.put(bn + ".num_batches_tracked", new Tensor(Tensor.DType.I64, new long[0], new float[] {0}));
            }
        }
        return out;
    }
}
