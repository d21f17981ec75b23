package dev.cvpipe.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
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
 * Acceptance: a PyTorch model with hashed (non-trivial) weights and BN statistics, saved as .pth and
 * as .safetensors and imported, gives PyTorch's outputs (expected/*.f32, from make_fixtures.py) within
 * 2e-5 x max|output|; exporting gives back the same tensors under the same names. Weights are
 * generated here bit-identically to numpy (see {@link #hashed}), so no 45 MB fixture is committed.
 * With the environment variable {@code WEIGHTS_EXPORT_DIR=DIR} the exports are kept for {@code make_fixtures.py --check-export DIR}.
 */
class WeightsParityTest {
    @TempDir
    Path tmp;

    /** make_fixtures.py's hashed(): FNV-1a 64 of the name, SplitMix64 of seed + (i+1)*golden, top 24 bits. */
    static float[] hashed(String name, long[] shape) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        int n = (int) Tensor.numel(shape);
        long fanIn = 1;
        for (int d = 1; d < shape.length; d++) fanIn *= shape[d];
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            long z = h + (i + 1L) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            double u = (z >>> 40) / (double) (1 << 24);
            double v;
            if (name.endsWith("running_var")) v = 0.5 + u;
            else if (name.endsWith("running_mean")) v = (u - 0.5) * 0.4;
            else if (shape.length == 1 && name.endsWith(".weight")) v = 0.5 + u;
            else if (name.endsWith(".bias")) v = (u - 0.5) * 0.2;
            else if (name.equals("input")) v = (u - 0.5) * 4.0;
            else v = (u - 0.5) * (2.0 * Math.sqrt(6.0 / fanIn));
            out[i] = (float) v;
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50", "inception-v3", "unet-resnet34", "unetpp-resnet34"})
    void importedWeightsGivePyTorchsOutputs(String model) throws IOException {
        boolean seg = model.startsWith("unet");
        int side = model.equals("inception-v3") ? 75 : 64;
        int classes = seg ? 2 : 10;
        float[] expected = floats(WeightFilesTest.DIR.resolve("expected/" + model + ".f32"));
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = Models.create(tf, model, new ModelConfig(classes, side, side, 3, false, 7));
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, side, side, 3)));
            Operand<TFloat32> y = net.forward(x, false);

            Map<String, Tensor> sd = new LinkedHashMap<>();
            for (TorchMapping.Slot s : TorchMapping.slots(net.spec())) {
                sd.put(s.tensor(), Tensor.f32(s.shape(), hashed(s.tensor(), s.shape())));
                if (s.tensor().endsWith(".running_var")) {
                    sd.put(s.tensor().replace(".running_var", ".num_batches_tracked"), new Tensor(Tensor.DType.I64, new long[0], new float[] {5}));
                }
            }
            float[] input = nchwToNhwc(hashed("input", new long[] {1, 3, side, side}), 3, side, side);
            try (Session s = new Session(g)) {
                for (WeightFiles.Format f : List.of(WeightFiles.Format.PTH, WeightFiles.Format.SAFETENSORS)) {
                    Path file = tmp.resolve(model + "." + f.name().toLowerCase());
                    WeightFiles.write(sd, file, f);
                    s.initialize();
                    ImportReport r = Pretrained.load(file, s, net);
                    assertEquals(TorchMapping.slots(net.spec()).size(), r.loaded(), f + " " + r.summary());
                    assertEquals(0, r.reinitialised() + r.unused(), r.summary());
                    float[] got = run(s, x, y, input);
                    if (seg) got = nhwcToNchw(got, classes, side, side);
                    assertClose(expected, got, model + " from " + f);
                    Files.delete(file);
                }
                // export: the same names as PyTorch's state_dict, the same values
                Map<String, Tensor> out = Pretrained.stateDict(s, net);
                assertEquals(List.copyOf(sd.keySet()), List.copyOf(out.keySet()));
                for (var e : sd.entrySet()) {
                    if (e.getKey().endsWith("num_batches_tracked")) continue;
                    assertArrayEquals(e.getValue().shape(), out.get(e.getKey()).shape(), e.getKey());
                    assertArrayEquals(e.getValue().values(), out.get(e.getKey()).values(), 0f, e.getKey());
                }
                String keep = System.getenv("WEIGHTS_EXPORT_DIR");
                if (keep != null) {
                    Files.createDirectories(Path.of(keep));
                    Pretrained.export(s, net, Path.of(keep, model + ".pth"), WeightFiles.Format.PTH);
                    Pretrained.export(s, net, Path.of(keep, model + ".safetensors"), WeightFiles.Format.SAFETENSORS);
                }
            }
        }
    }

    static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 0, diff = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs(want[i] - got[i]));
        }
        assertTrue(scale > 0.1, what + ": expected outputs are all ~0");
        assertTrue(diff <= 2e-5 * scale, String.format("%s: max|diff| %.3g > 2e-5 x max|y| %.4g", what, diff, scale));
    }

    private static float[] run(Session s, Placeholder<TFloat32> x, Operand<TFloat32> y, float[] input) {
        try (TFloat32 t = TFloat32.tensorOf(x.shape(), DataBuffers.of(input, true, false));
             Result r = s.runner().feed(x, t).fetch(y).run()) {
            TFloat32 o = (TFloat32) r.get(0);
            float[] out = new float[(int) o.shape().size()];
            o.copyTo(DataBuffers.of(out, false, false));
            return out;
        }
    }

    static float[] floats(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    static float[] nchwToNhwc(float[] a, int c, int h, int w) {
        float[] out = new float[a.length];
        for (int k = 0; k < c; k++)
            for (int i = 0; i < h * w; i++) out[i * c + k] = a[k * h * w + i];
        return out;
    }

    static float[] nhwcToNchw(float[] a, int c, int h, int w) {
        float[] out = new float[a.length];
        for (int k = 0; k < c; k++)
            for (int i = 0; i < h * w; i++) out[k * h * w + i] = a[i * c + k];
        return out;
    }
}
