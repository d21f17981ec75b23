package dev.cvpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

class PrecisionTest {
    @Test
    void namesAndHardwareChecks() {
        assertEquals(Precision.BF16, Precision.parse(" BF16"));
        assertEquals("--precision must be fp32, bf16 or fp16, got 'fp8'",
                assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp8")).getMessage());
        assertNull(Precision.FP32.unsupportedReason(Set.of(), false));
        assertEquals("--precision bf16: this CPU has no AVX512_BF16 or AMX-BF16 instructions; use --precision fp32",
                Precision.BF16.unsupportedReason(Set.of("avx512f", "avx2"), false));
        assertNull(Precision.BF16.unsupportedReason(Set.of("avx512f", "avx512_bf16"), false));
        assertNull(Precision.BF16.unsupportedReason(Set.of("amx_bf16"), false));
        assertEquals("--precision fp16 runs on a GPU only (--device gpu with the -Pgpu build); on a CPU use bf16",
                Precision.FP16.unsupportedReason(Set.of("avx512_bf16"), false));
        assertNull(Precision.FP16.unsupportedReason(Set.of(), true));
    }

    /**
     * Folding BN into the convolution is exact in real arithmetic: in float32 the folded and the
     * plain inference branch agree to rounding, with BN statistics far from their initial 0/1.
     */
    @Test
    void foldedBatchNormEqualsPlainInFloat32() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = Models.create(tf, "resnet18", new ModelConfig(10, 32, 32, 3, false, 7));
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
            Operand<TFloat32> plain = net.forward(x, false);
            net.foldBatchNormAtInference(true);
            Operand<TFloat32> folded = net.forward(x, false);
            try (Session s = new Session(g)) {
                s.initialize();
                randomiseBatchNorm(net, s, new Random(3));
                float[] input = randomImages(4, 32, new Random(5));
                float[][] out = run(s, x, input, 4, 32, plain, folded);
                float max = 0, diff = 0;
                for (int i = 0; i < out[0].length; i++) {
                    max = Math.max(max, Math.abs(out[0][i]));
                    diff = Math.max(diff, Math.abs(out[0][i] - out[1][i]));
                }
                assertTrue(max > 1e-3, "outputs are not trivial: " + max);
                assertTrue(diff <= 2e-5 * max, "folded differs by " + diff + " (max |output| " + max + ")");
            }
        }
    }

    /**
     * Weights frozen into constants (an inference graph for one set of weights) give the variables'
     * answer, plain and BN-folded, in a graph whose variables were never initialised.
     */
    @Test
    void frozenWeightsGiveTheVariablesAnswerWithoutInitialisation() {
        ModelConfig cfg = new ModelConfig(10, 32, 32, 3, false, 7);
        float[] input = randomImages(3, 32, new Random(6));
        List<float[]> weights;
        float[][] expected;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = Models.create(tf, "resnet18", cfg);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
            Operand<TFloat32> plain = net.forward(x, false);
            try (Session s = new Session(g)) {
                s.initialize();
                randomiseBatchNorm(net, s, new Random(4));
                weights = Network.valuesAll(s, net.variables());
                expected = run(s, x, input, 3, 32, plain);
            }
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            // another seed: the frozen values, not the initialisers, must decide the answer
            Network net = Models.create(tf, "resnet18", new ModelConfig(10, 32, 32, 3, false, 8));
            assertThrows(IllegalArgumentException.class, () -> net.freezeWeights(weights.subList(1, weights.size())));
            net.freezeWeights(weights);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
            Operand<TFloat32> plain = net.forward(x, false);
            net.foldBatchNormAtInference(true);
            Operand<TFloat32> folded = net.forward(x, false);
            try (Session s = new Session(g)) {
                float[][] out = run(s, x, input, 3, 32, plain, folded);
                float max = 0;
                for (float v : expected[0]) max = Math.max(max, Math.abs(v));
                assertTrue(max > 1e-3, "outputs are not trivial: " + max);
                for (int k = 0; k < 2; k++) {
                    for (int i = 0; i < expected[0].length; i++) {
                        assertEquals(expected[0][i], out[k][i], 2e-5 * max, (k == 0 ? "plain" : "folded") + " output " + i);
                    }
                }
            }
        }
    }

    /**
     * A bf16 session really converts the convolutions (the partition graph holds DT_BFLOAT16 ops)
     * and keeps the fp32 answer: same top-1 and logits within 3% of their range.
     */
    @Test
    void bf16SessionComputesInBfloat16WithTheSameAnswer() {
        Assumptions.assumeTrue(Precision.BF16.unsupportedReason(Precision.cpuFlags(), false) == null, "no bf16 on this CPU");
        float[] input = randomImages(8, 32, new Random(11));
        float[][] logits = new float[2][];
        String partitions = "";
        for (Precision p : List.of(Precision.FP32, Precision.BF16)) {
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                Network net = Models.create(tf, "resnet18", new ModelConfig(10, 32, 32, 3, false, 7));
                net.foldBatchNormAtInference(true);
                Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
                Operand<TFloat32> y = net.forward(x, false);
                try (Session s = new Session(g, p.sessionConfig(2))) {
                    s.initialize();
                    randomiseBatchNorm(net, s, new Random(3));
                    try (TFloat32 t = TFloat32.tensorOf(Shape.of(8, 32, 32, 3), DataBuffers.of(input, true, false));
                         Result r = s.runner().feed(x, t).fetch(y)
                                 .setOptions(RunOptions.newBuilder().setOutputPartitionGraphs(true).build()).runAndFetchMetadata()) {
                        logits[p.ordinal()] = floats((TFloat32) r.get(0));
                        RunMetadata md = r.getMetadata().orElseThrow();
                        if (p == Precision.BF16) partitions = md.getPartitionGraphsList().toString();
                    }
                }
            }
        }
        assertTrue(partitions.contains("DT_BFLOAT16"), "no bfloat16 op in the bf16 partition graph");
        float range = 0;
        for (float v : logits[0]) range = Math.max(range, Math.abs(v));
        for (int i = 0; i < 8; i++) {
            assertEquals(argmax(logits[0], i * 10, 10), argmax(logits[1], i * 10, 10), "top-1 of image " + i);
            for (int c = 0; c < 10; c++) {
                assertEquals(logits[0][i * 10 + c], logits[1][i * 10 + c], 0.03 * range, "logit " + i + "," + c);
            }
        }
    }

    /**
     * A session of any precision fuses each residual block's conv + bias + Add + ReLU into one
     * oneDNN convolution (the remapper needs AGGRESSIVE to trust the placeholder's shape): the
     * partition graph keeps no ReLU of its own, and the answer is the unfused graph's.
     */
    @Test
    void residualAddAndReluFuseIntoTheConvolution() {
        float[] input = randomImages(2, 32, new Random(12));
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = Models.create(tf, "resnet50", new ModelConfig(10, 32, 32, 3, false, 7));
            net.foldBatchNormAtInference(true);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
            Operand<TFloat32> y = net.forward(x, false);
            float[] unfused;
            List<float[]> weights;
            try (Session s = new Session(g)) {
                s.initialize();
                randomiseBatchNorm(net, s, new Random(3));
                weights = Network.valuesAll(s, net.variables());
                unfused = run(s, x, input, 2, 32, y)[0];
            }
            try (Session s = new Session(g, Precision.FP32.sessionConfig(2))) {
                s.initialize();
                Map<Variable<TFloat32>, float[]> m = new HashMap<>();
                for (int i = 0; i < weights.size(); i++) m.put(net.variables().get(i), weights.get(i));
                net.assignAll(s, m);
                try (TFloat32 t = TFloat32.tensorOf(Shape.of(2, 32, 32, 3), DataBuffers.of(input, true, false));
                     Result r = s.runner().feed(x, t).fetch(y)
                             .setOptions(RunOptions.newBuilder().setOutputPartitionGraphs(true).build()).runAndFetchMetadata()) {
                    float[] fused = floats((TFloat32) r.get(0));
                    Map<String, Integer> ops = new TreeMap<>();
                    int withAdd = 0;
                    for (GraphDef gd : r.getMetadata().orElseThrow().getPartitionGraphsList()) {
                        for (NodeDef n : gd.getNodeList()) {
                            ops.merge(n.getOp(), 1, Integer::sum);
                            if (n.containsAttr("fused_ops") && n.getAttrOrThrow("fused_ops").getList().getSList().stream()
                                    .map(b -> b.toStringUtf8()).toList().equals(List.of("BiasAdd", "Add", "Relu"))) withAdd++;
                        }
                    }
                    assertEquals(16, withAdd, "convolutions fused with the residual Add and ReLU: " + ops);
                    // (the Adds left belong to the BN folding of the variables: var + eps, one per conv)
                    assertFalse(ops.containsKey("Relu"), "a ReLU left unfused: " + ops);
                    float max = 0;
                    for (float v : unfused) max = Math.max(max, Math.abs(v));
                    assertTrue(max > 1e-3, "outputs are not trivial: " + max);
                    for (int i = 0; i < unfused.length; i++) assertEquals(unfused[i], fused[i], 1e-5 * max, "logit " + i);
                }
            }
        }
    }

    /** BN scale, offset, mean and variance of every conv far from 1/0/0/1, so folding mistakes show. */
    private static void randomiseBatchNorm(Network net, Session s, Random r) {
        for (int layer = 0; layer < net.spec().nodes().size(); layer++) {
            List<Variable<TFloat32>> v = net.layerVariables(layer);
            if (v.size() != 5) continue; // kernel, scale, offset, mean, variance
            int n = (int) v.get(1).shape().size();
            net.assign(s, v.get(1), fill(n, r, 0.5f, 1.5f));
            net.assign(s, v.get(2), fill(n, r, -0.3f, 0.3f));
            net.assign(s, v.get(3), fill(n, r, -0.5f, 0.5f));
            net.assign(s, v.get(4), fill(n, r, 0.5f, 2f));
        }
    }

    private static float[] fill(int n, Random r, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextFloat();
        return a;
    }

    private static float[] randomImages(int n, int size, Random r) {
        return fill(n * size * size * 3, r, -2f, 2f);
    }

    @SafeVarargs
    private static float[][] run(Session s, Placeholder<TFloat32> x, float[] input, int n, int size, Operand<TFloat32>... ys) {
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(n, size, size, 3), DataBuffers.of(input, true, false))) {
            var runner = s.runner().feed(x, t);
            for (Operand<TFloat32> y : ys) runner.fetch(y);
            try (Result r = runner.run()) {
                float[][] out = new float[ys.length][];
                for (int i = 0; i < ys.length; i++) out[i] = floats((TFloat32) r.get(i));
                return out;
            }
        }
    }

    private static float[] floats(TFloat32 t) {
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    private static int argmax(float[] a, int from, int n) {
        int best = from;
        for (int i = from + 1; i < from + n; i++) if (a[i] > a[best]) best = i;
        return best - from;
    }
}
