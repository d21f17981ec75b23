package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * --freeze-backbone and --backbone-lr-mult on hand-checkable nets. {@link BiasNet#withBackbone} starts at
 * backbone = head = [0.5, -0.5], so logits = [1, -1] and, for label 0, both biases get the
 * gradient g = [-p1, p1] with p1 = softmax([1, -1])[1] = 0.119203.
 */
class FineTuneTest {
    static final double P1 = OptimizerTest.P1;
    static final byte[] IMAGE = new byte[8 * 8 * 3];

    private static TrainGraph twoBias(Optimizer opt, FineTune ft) {
        return new TrainGraph(BiasNet.withBackbone(new float[] {0.5f, -0.5f}, new float[] {0.5f, -0.5f}), "two-bias", 2, 8, 8, 0,
                Normalization.parse("x3.2"), opt, new ClassifierLoss(2, 0, new float[] {1, 1}), false, ft, 1);
    }

    private static Optimizer sgd() {
        return new Optimizer(Optimizer.Kind.SGD, 0, 0, false, 0.9, 0.999, 1e-8);
    }

    @Test
    void plainSgdMovesTheBackboneByLrTimesMultTimesGradient() {
        try (TrainGraph g = twoBias(sgd(), new FineTune(0, 0.25))) {
            g.initialize();
            g.step(IMAGE, new int[] {0}, 1, 0.1, false);
            Map<String, float[]> v = g.variableValues();
            // head: w - lr*g; backbone: w - lr*0.25*g
            assertArrayEquals(new float[] {(float) (0.5 + 0.1 * P1), (float) (-0.5 - 0.1 * P1)}, v.get("bias_net/bias"), 1e-7f);
            assertArrayEquals(new float[] {(float) (0.5 + 0.025 * P1), (float) (-0.5 - 0.025 * P1)}, v.get("bias_net/backbone"), 1e-7f);
        }
    }

    @Test
    void aFrozenStepKeepsTheBackboneExactlyAndMovesTheHead() {
        try (TrainGraph g = twoBias(sgd(), new FineTune(1, 1))) {
            g.initialize();
            float loss = g.step(IMAGE, new int[] {0}, 1, 0.1, true).loss();
            assertEquals(-Math.log(1 - P1), loss, 1e-6);
            Map<String, float[]> v = g.variableValues();
            assertArrayEquals(new float[] {0.5f, -0.5f}, v.get("bias_net/backbone"), 0f);
            assertArrayEquals(new float[] {(float) (0.5 + 0.1 * P1), (float) (-0.5 - 0.1 * P1)}, v.get("bias_net/bias"), 1e-7f);
            // Thawed: the same graph's full step moves both.
            g.step(IMAGE, new int[] {0}, 1, 0.1, false);
            assertTrue(g.variableValues().get("bias_net/backbone")[0] > 0.5f);
        }
    }

    @Test
    void adamStartsTheBackboneAfreshWhenItThaws() {
        // Three frozen steps age only the head's beta powers. The backbone's first Adam step is then
        // lr*mult*sign(-g) = 0.1*0.5 (bias-corrected m/sqrt(v) = g/|g|); with a shared step count
        // (t = 4) it would be 0.05 * 0.58.
        Optimizer adam = new Optimizer(Optimizer.Kind.ADAM, 0, 0, false, 0.9, 0.999, 1e-8);
        try (TrainGraph g = twoBias(adam, new FineTune(3, 0.5))) {
            g.initialize();
            for (int i = 0; i < 3; i++) g.step(IMAGE, new int[] {0}, 1, 0.1, true);
            Map<String, float[]> frozen = g.variableValues();
            assertArrayEquals(new float[] {0.5f, -0.5f}, frozen.get("bias_net/backbone"), 0f);
            assertEquals((float) (0.9 * 0.9 * 0.9 * 0.9), frozen.get("optimizer/beta1_power")[0], 1e-7f);
            assertEquals(0.9f, frozen.get("optimizer/backbone_beta1_power")[0], 0f);
            g.step(IMAGE, new int[] {0}, 1, 0.1, false);
            float[] b = g.variableValues().get("bias_net/backbone");
            assertArrayEquals(new float[] {0.55f, -0.55f}, b, 1e-5f);
        }
    }

    @Test
    void aNetWithoutBackboneRefusesGroups() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainGraph(BiasNet.factory(1f, -1f), "bias", 2, 8, 8, 0,
                Normalization.parse("x3.2"), sgd(), new ClassifierLoss(2, 0, new float[] {1, 1}), false, new FineTune(1, 1), 1));
        assertTrue(e.getMessage().contains("no backbone"), e.getMessage());
    }

    /**
     * resnet18's head (fc) has no BN or dropout, so with the backbone frozen the training branch
     * computes exactly the evaluation branch's logits, also after full steps moved the BN statistics.
     */
    @Test
    void frozenTrainingLogitsAreTheEvaluationLogits() {
        Optimizer opt = new Optimizer(Optimizer.Kind.ADAMW, 1e-3, 0.9, false, 0.9, 0.999, 1e-8);
        try (TrainGraph g = new TrainGraph(ModelLibrary.factory(), "resnet18", 4, 32, 32, 3, Normalization.parse("imagenet"),
                opt, new ClassifierLoss(4, 0, new float[] {1, 1, 1, 1}), false, new FineTune(1, 1), 1)) {
            g.initialize();
            int n = 4;
            byte[] px = new byte[n * 32 * 32 * 3];
            new Random(11).nextBytes(px);
            int[] labels = {0, 1, 2, 3};
            for (int i = 0; i < 2; i++) g.step(px, labels, n, 1e-2, false);
            float[] eval = g.evalLogits(px, n);
            float[] frozen = g.step(px, labels, n, 1e-2, true).logits();
            assertArrayEquals(eval, frozen, 1e-5f * max(eval));
            float[] after = g.evalLogits(px, n);
            assertFalse(Arrays.equals(eval, after), "the frozen step moved the head");
        }
    }

    private static float max(float[] v) {
        float m = 0;
        for (float x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    /**
     * unet-small at 16x16: a frozen step leaves every encoder variable bit-identical (kernels, BN
     * scale/offset and moving mean/variance) while the decoder's weights and BN statistics move;
     * the thawed step then moves the encoder's too.
     */
    @Test
    void frozenBackboneKeepsItsWeightsAndBnStatisticsWhileTheHeadLearns() {
        Optimizer opt = new Optimizer(Optimizer.Kind.ADAMW, 1e-3, 0.9, false, 0.9, 0.999, 1e-8);
        try (TrainGraph g = new TrainGraph(ModelLibrary.factory(), "unet-small", 1, 16, 16, 3, Normalization.parse("imagenet"),
                opt, new SegLoss(SegLoss.Kind.DICE_BCE, 1, 0), false, new FineTune(1, 1), 1)) {
            g.initialize();
            int n = 2, hw = 16 * 16;
            byte[] px = new byte[n * hw * 3];
            new Random(7).nextBytes(px);
            int[] labels = new int[n * hw];
            for (int i = 0; i < labels.length; i++) labels[i] = (px[3 * i] & 0xff) > 128 ? 1 : 0;
            Map<String, float[]> before = g.variableValues();
            g.step(px, labels, n, 1e-2, true);
            Map<String, float[]> after = g.variableValues();
            // unet-small: L000..L010 are the encoder (convs, pools, bottleneck), L011 the first upsample.
            int encoder = 0, decoder = 0, encoderStats = 0, decoderStats = 0;
            for (String name : before.keySet()) {
                if (!name.startsWith("unet-small/L")) continue;
                int layer = Integer.parseInt(name.substring("unet-small/L".length(), "unet-small/L".length() + 3));
                boolean same = Arrays.equals(before.get(name), after.get(name));
                boolean stats = name.endsWith("bn_mean") || name.endsWith("bn_variance");
                if (layer < 11) {
                    assertTrue(same, name + " changed during a frozen step");
                    encoder++;
                    if (stats) encoderStats++;
                } else {
                    assertFalse(same, name + " did not change during a frozen step");
                    decoder++;
                    if (stats) decoderStats++;
                }
            }
            assertEquals(8 * 5, encoder, "8 conv-BN layers (kernel, BN scale, offset, mean, variance) in the encoder");
            assertEquals(16, encoderStats);
            assertEquals(6 * 5 + 2, decoder, "6 conv-BN layers and the head conv (kernel, bias) in the decoder");
            assertEquals(12, decoderStats);
            g.step(px, labels, n, 1e-2, false);
            Map<String, float[]> thawed = g.variableValues();
            assertFalse(Arrays.equals(after.get("unet-small/L000_conv/kernel"), thawed.get("unet-small/L000_conv/kernel")));
            assertFalse(Arrays.equals(after.get("unet-small/L000_conv/bn_mean"), thawed.get("unet-small/L000_conv/bn_mean")));
        }
    }
}
