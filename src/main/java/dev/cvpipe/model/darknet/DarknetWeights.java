package dev.cvpipe.model.darknet;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.Shape3;
import dev.cvpipe.model.layers.Conv;
import dev.cvpipe.model.layers.Dense;
import dev.cvpipe.model.layers.Layer;
import dev.cvpipe.model.layers.StopGradient;
import dev.cvpipe.model.weights.Layouts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Darknet .weights files: little-endian header int32 major, minor, revision, then {@code seen} as
 * int64 when major·10+minor ≥ 2 else int32; then per layer in cfg order — a convolution writes
 * biases (BN offset when batch_normalize), [scales, rolling mean, rolling variance], weights OIHW;
 * a connected layer writes biases, then weights [outputs][inputs] with inputs in C,H,W order.
 * cvpipe keeps kernels HWIO and flattens NHWC, so both are transposed on the way in and out.
 */
public final class DarknetWeights {
    /** The file header; kept from load so that a save writes the same bytes back. */
    public record Header(int major, int minor, int revision, long seen) {
        /** What current darknet writes. */
        public static final Header DEFAULT = new Header(0, 2, 5, 0);

        boolean seenIs64() {
            return major * 10 + minor >= 2;
        }

        int bytes() {
            return seenIs64() ? 20 : 16;
        }
    }

    /** One layer's share of the file. */
    record Block(int layer, String type, long floats) {}

    private DarknetWeights() {}

    private static Layer unwrap(Layer l) {
        return l instanceof StopGradient s ? unwrap(s.inner()) : l;
    }

    static List<Block> layout(ModelSpec spec) {
        List<Block> blocks = new ArrayList<>();
        for (ModelSpec.Node n : spec.nodes()) {
            Layer l = unwrap(n.layer());
            Shape3 in = n.inputs().length == 0 ? null : spec.shapeOf(n.inputs()[0]);
            if (l instanceof Conv c) {
                blocks.add(new Block(n.index(), "conv", c.kernelParams(in) + (c.batchNorm() ? 4L : 1L) * c.filters()));
            } else if (l instanceof Dense d) {
                blocks.add(new Block(n.index(), "connected", (long) d.outputs() + in.size() * d.outputs()));
            }
        }
        return blocks;
    }

    /** Bytes a .weights file for this spec has (with a 64-bit {@code seen}). */
    public static long expectedBytes(ModelSpec spec, Header h) {
        long floats = 0;
        for (Block b : layout(spec)) floats += b.floats();
        return h.bytes() + 4 * floats;
    }

    /** Loads {@code file} into the network's variables (the file must cover every layer); returns the header. */
    public static Header load(Path file, Session session, Network net) throws IOException {
        return load(file, session, net, false).header();
    }

    /** What a load read: the header, and how many of the spec's weighted layers the file covered. */
    public record Coverage(Header header, int layersLoaded, int layers) {}

    /**
     * Loads {@code file}; with {@code partial}, a file that stops at a layer boundary (such as
     * darknet53.conv.74) loads the layers it covers and leaves the rest as initialised, and a last
     * layer sized for another class count (darknet53.weights' 1000) keeps its fresh values. All
     * values are assigned in one session run.
     */
    public static Coverage load(Path file, Session session, Network net, boolean partial) throws IOException {
        Map<Variable<TFloat32>, float[]> values = new LinkedHashMap<>();
        Coverage c = read(file, net.spec(), partial, (layer, var, v) -> values.put(net.layerVariables(layer).get(var), v));
        net.assignAll(session, values);
        return c;
    }

    /** How many of the spec's weighted layers {@code file} covers, checked without TensorFlow. */
    public static Coverage coverage(Path file, ModelSpec spec, boolean partial) throws IOException {
        return read(file, spec, partial, (layer, var, v) -> { });
    }

    /** Floats one output unit of a block takes: its bias/BN values and its weights. */
    private static long perOutput(ModelSpec spec, Block b) {
        ModelSpec.Node node = spec.nodes().get(b.layer());
        Shape3 in = spec.shapeOf(node.inputs()[0]);
        Layer l = unwrap(node.layer());
        if (l instanceof Conv c) return (c.batchNorm() ? 4 : 1) + c.kernelParams(in) / c.filters();
        return 1 + in.size();
    }

    private interface Sink {
        void put(int layer, int var, float[] values);
    }

    private static Coverage read(Path file, ModelSpec spec, boolean partial, Sink sink) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12) throw new IOException(file + ": " + bytes.length + " bytes is too short for a darknet .weights header");
        int major = buf.getInt(), minor = buf.getInt(), revision = buf.getInt();
        boolean seen64 = major * 10 + minor >= 2;
        if (buf.remaining() < (seen64 ? 8 : 4)) throw new IOException(file + ": header ends early");
        Header header = new Header(major, minor, revision, seen64 ? buf.getLong() : Integer.toUnsignedLong(buf.getInt()));
        long expected = expectedBytes(spec, header);
        List<Block> blocks = layout(spec);
        int loaded = 0;
        for (Block b : blocks) {
            long need = 4 * b.floats();
            if (partial && !buf.hasRemaining()) break;
            if (partial && b == blocks.get(blocks.size() - 1) && buf.remaining() != need && buf.remaining() % (4 * perOutput(spec, b)) == 0) {
                // the classifier of another class count (darknet53.weights has 1000): keep the fresh head
                buf.position(buf.limit());
                break;
            }
            if (buf.remaining() < need) {
                throw new IOException(String.format(Locale.ROOT,
                        "%s: layer %d (%s) needs %,d bytes at offset %,d but only %,d remain (file %,d bytes, %s needs %,d)",
                        file, b.layer(), b.type(), need, buf.position(), buf.remaining(), bytes.length, spec.name(), expected));
            }
            ModelSpec.Node node = spec.nodes().get(b.layer());
            Layer l = unwrap(node.layer());
            Shape3 in = spec.shapeOf(node.inputs()[0]);
            int idx = b.layer();
            if (l instanceof Conv c) {
                int n = c.filters();
                if (c.batchNorm()) {
                    // file: offset(bias), scale, mean, variance; variables: kernel, scale, offset, mean, variance
                    sink.put(idx, 2, floats(buf, n));
                    sink.put(idx, 1, floats(buf, n));
                    sink.put(idx, 3, floats(buf, n));
                    sink.put(idx, 4, floats(buf, n));
                } else {
                    sink.put(idx, 1, floats(buf, n));
                }
                float[] oihw = floats(buf, (int) c.kernelParams(in));
                sink.put(idx, 0, oihwToHwio(oihw, n, in.c() / c.groups(), c.kh(), c.kw()));
            } else if (l instanceof Dense d) {
                sink.put(idx, 1, floats(buf, d.outputs()));
                sink.put(idx, 0, darknetDenseToKernel(floats(buf, (int) (in.size() * d.outputs())), d.outputs(), in));
            }
            loaded++;
        }
        if (buf.hasRemaining()) {
            throw new IOException(String.format(Locale.ROOT, "%s: %,d bytes left over after the last layer (file %,d bytes, %s needs %,d)",
                    file, buf.remaining(), bytes.length, spec.name(), expected));
        }
        return new Coverage(header, loaded, blocks.size());
    }

    /** Writes the network's variables as a .weights file (atomically). */
    public static void save(Path file, Session session, Network net, Header header) throws IOException {
        ModelSpec spec = net.spec();
        long size = expectedBytes(spec, header);
        if (size > Integer.MAX_VALUE) throw new IOException(file + ": " + size + " bytes is more than one .weights write supports");
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(header.major()).putInt(header.minor()).putInt(header.revision());
        if (header.seenIs64()) buf.putLong(header.seen());
        else buf.putInt((int) header.seen());
        for (Block b : layout(spec)) {
            ModelSpec.Node node = spec.nodes().get(b.layer());
            Layer l = unwrap(node.layer());
            List<Variable<TFloat32>> vars = net.layerVariables(b.layer());
            Shape3 in = spec.shapeOf(node.inputs()[0]);
            if (l instanceof Conv c) {
                if (c.batchNorm()) {
                    for (int i : new int[] {2, 1, 3, 4}) put(buf, Network.values(session, vars.get(i)));
                } else {
                    put(buf, Network.values(session, vars.get(1)));
                }
                put(buf, hwioToOihw(Network.values(session, vars.get(0)), c.filters(), in.c() / c.groups(), c.kh(), c.kw()));
            } else if (l instanceof Dense d) {
                put(buf, Network.values(session, vars.get(1)));
                put(buf, kernelToDarknetDense(Network.values(session, vars.get(0)), d.outputs(), in));
            }
        }
        AtomicFile.writeBytes(file, buf.array());
    }

    private static float[] floats(ByteBuffer buf, int n) {
        float[] a = new float[n];
        buf.asFloatBuffer().get(a);
        buf.position(buf.position() + 4 * n);
        return a;
    }

    private static void put(ByteBuffer buf, float[] a) {
        buf.asFloatBuffer().put(a);
        buf.position(buf.position() + 4 * a.length);
    }

    static float[] oihwToHwio(float[] w, int o, int i, int kh, int kw) {
        return Layouts.oihwToHwio(w, o, i, kh, kw);
    }

    static float[] hwioToOihw(float[] w, int o, int i, int kh, int kw) {
        return Layouts.hwioToOihw(w, o, i, kh, kw);
    }

    static float[] darknetDenseToKernel(float[] w, int outputs, Shape3 in) {
        return denseLayout(w, outputs, in, true);
    }

    static float[] kernelToDarknetDense(float[] k, int outputs, Shape3 in) {
        return denseLayout(k, outputs, in, false);
    }

    /** darknet's connected weights [out][c·H·W + h·W + w] against our kernel [(h·W + w)·C + c][out]. */
    private static float[] denseLayout(float[] src, int outputs, Shape3 in, boolean toKernel) {
        float[] out = new float[src.length];
        int n = (int) in.size(), plane = in.h() * in.w();
        for (int o = 0; o < outputs; o++)
            for (int c = 0; c < in.c(); c++)
                for (int p = 0; p < plane; p++) {
                    int darknet = o * n + c * plane + p, ours = (p * in.c() + c) * outputs + o;
                    if (toKernel) out[ours] = src[darknet];
                    else out[darknet] = src[ours];
                }
        return out;
    }
}
