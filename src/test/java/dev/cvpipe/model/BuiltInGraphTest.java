package dev.cvpipe.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Every built-in model as a real graph at a reduced input, batch 1: the variables hold exactly the
 * parameters the spec counts, every layer's static shape is the spec's, and one eval forward runs.
 */
class BuiltInGraphTest {
    @ParameterizedTest
    @CsvSource({
        "cnn-small, 16, 5", "resnet18, 64, 10", "resnet34, 64, 10", "resnet50, 64, 10", "resnet101, 64, 10",
        "inception-v3, 75, 10", "darknet53, 64, 10", "unet-resnet34, 64, 2", "unetpp-resnet34, 64, 1"})
    void buildsAndRunsOneForwardPass(String name, int side, int classes) {
        ModelConfig cfg = ModelConfig.of(classes, side, side).withAux(false);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = Models.create(tf, name, cfg);
            assertEquals(net.spec().params(), net.graphParams(), "variables vs spec count");
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, side, side, 3)));
            Operand<TFloat32> y = net.forward(x, false);
            for (Map.Entry<Integer, Operand<TFloat32>> e : net.layerOutputs().entrySet()) {
                if (e.getKey() < 0) continue;
                Shape3 s = net.spec().nodes().get(e.getKey()).output();
                assertArrayEquals(new long[] {1, s.h(), s.w(), s.c()}, e.getValue().shape().asArray(), "layer " + e.getKey());
            }
            boolean seg = net.spec().kind() == ModelSpec.Kind.SEGMENTATION;
            try (Session s = new Session(g);
                 TFloat32 in = TFloat32.tensorOf(Shape.of(1, side, side, 3), b -> b.scalars().forEach(v -> v.setFloat(0.5f)))) {
                s.initialize();
                try (Result r = s.runner().feed(x, in).fetch(y).run()) {
                    TFloat32 out = (TFloat32) r.get(0);
                    assertArrayEquals(seg ? new long[] {1, side, side, classes} : new long[] {1, classes}, out.shape().asArray());
                    float v = out.getFloat(seg ? new long[] {0, 0, 0, 0} : new long[] {0, 0});
                    assertTrue(Float.isFinite(v), "finite output");
                }
            }
        }
    }

    @Test
    void inceptionAuxHeadIsBuiltOnlyInTraining() {
        ModelConfig cfg = ModelConfig.of(7, 299, 299);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = Models.create(tf, "inception-v3", cfg);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 299, 299, 3)));
            net.forward(x, false);
            assertNull(net.auxLogits(), "no aux head in eval");
            Operand<TFloat32> logits = net.forward(x, true);
            Operand<TFloat32> aux = net.auxLogits();
            assertNotNull(aux);
            assertArrayEquals(new long[] {-1, 7}, aux.shape().asArray());
            assertArrayEquals(new long[] {-1, 7}, logits.shape().asArray());
            // BasicConv2d: stem 5 + 3·7 (A) + 4 (B) + 4·10 (C) + 2 (aux) + 6 (D) + 2·9 (E) = 96, mean and variance each
            assertEquals(96 * 2, net.updateOps().size());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.spec("inception-v3", ModelConfig.of(7, 266, 266)));
        assertTrue(e.getMessage().contains("--no-aux"), e.getMessage());
    }
}
