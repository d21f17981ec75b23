package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvpipe.model.Models;
import org.junit.jupiter.api.Test;

/** resnet18 at 64x64: two training steps on one batch lower its loss. */
class ResNet18StepTest {
    @Test
    void twoStepsDecreaseTheLoss() {
        assumeTrue(Models.exists("resnet18"), "resnet18 not in the model library yet");
        Optimizer opt = new Optimizer(Optimizer.Kind.ADAMW, 1e-4, 0.9, false, 0.9, 0.999, 1e-8);
        try (TrainGraph g = new TrainGraph(ModelLibrary.factory(), "resnet18", 12, 64, 64, 1, Normalization.parse("imagenet"),
                opt, 0, new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0)) {
            g.initialize();
            int n = 8;
            byte[] px = new byte[n * 64 * 64 * 3];
            java.util.Random r = new java.util.Random(5);
            r.nextBytes(px);
            int[] labels = {0, 1, 2, 3, 4, 5, 6, 7};
            float l0 = g.step(px, labels, n, 1e-4).loss();
            float l1 = g.step(px, labels, n, 1e-4).loss();
            float l2 = g.step(px, labels, n, 1e-4).loss();
            assertTrue(l1 < l0 && l2 < l1, "losses " + l0 + ", " + l1 + ", " + l2);
        }
    }
}
