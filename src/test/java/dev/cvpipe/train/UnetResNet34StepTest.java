package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** unet-resnet34 trains at 128x128 with the seed's dice+bce: the loss is finite and falls over two steps. */
class UnetResNet34StepTest {
    @Test
    void twoStepsAt128DecreaseTheLoss() {
        Optimizer opt = new Optimizer(Optimizer.Kind.ADAMW, 1e-3, 0.9, false, 0.9, 0.999, 1e-8);
        try (TrainGraph g = new TrainGraph(ModelLibrary.factory(), "unet-resnet34", 1, 128, 128, 1, Normalization.parse("imagenet"),
                opt, new SegLoss(SegLoss.Kind.DICE_BCE, 1, 0), true, 0)) {
            g.initialize();
            int n = 2, hw = 128 * 128;
            byte[] px = new byte[n * hw * 3];
            int[] labels = new int[n * hw];
            // A bright square on black, labelled foreground.
            for (int i = 0; i < n; i++) {
                for (int y = 32; y < 96; y++) {
                    for (int x = 40 + 8 * i; x < 100; x++) {
                        int p = i * hw + y * 128 + x;
                        labels[p] = 1;
                        px[3 * p] = px[3 * p + 1] = px[3 * p + 2] = (byte) 220;
                    }
                }
            }
            float l0 = g.step(px, labels, n, 1e-3).loss();
            float l1 = g.step(px, labels, n, 1e-3).loss();
            float l2 = g.step(px, labels, n, 1e-3).loss();
            assertTrue(Float.isFinite(l0) && Float.isFinite(l1) && Float.isFinite(l2), l0 + ", " + l1 + ", " + l2);
            assertTrue(l2 < l0, "losses " + l0 + ", " + l1 + ", " + l2);
            g.swaUpdate();
            g.swaApply();
            assertTrue(Float.isFinite(g.eval(px, labels, n).loss()));
        }
    }
}
