package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * One-variable problems worked out by hand. BiasNet's logits are b = [1, -1]; with label 0,
 * softmax(b) = [0.880797, 0.119203], so the cross-entropy gradient is g = [-0.119203, 0.119203].
 */
class OptimizerTest {
    static final double P1 = 1 / (1 + Math.exp(2)); // softmax([1,-1])[1] = 0.119203
    static final byte[] IMAGE = new byte[8 * 8 * 3];

    private static float[] afterSteps(Optimizer opt, double lr, int steps, double smoothing, float[] weights, int... labels) {
        try (TrainGraph g = new TrainGraph(BiasNet.factory(1f, -1f), "bias", 2, 8, 8, 0, Normalization.parse("x3.2"), opt,
                smoothing, weights, 1)) {
            g.initialize();
            byte[] px = new byte[IMAGE.length * labels.length];
            for (int s = 0; s < steps; s++) g.step(px, labels, labels.length, lr);
            return g.evalLogits(IMAGE, 1);
        }
    }

    private static Optimizer opt(Optimizer.Kind k, double wd, double momentum, boolean nesterov) {
        return new Optimizer(k, wd, momentum, nesterov, 0.9, 0.999, 1e-8);
    }

    @Test
    void sgdStepIsMinusLrTimesGradient() {
        float[] b = afterSteps(opt(Optimizer.Kind.SGD, 0, 0, false), 0.1, 1, 0, new float[] {1, 1}, 0);
        assertArrayEquals(new float[] {(float) (1 + 0.1 * P1), (float) (-1 - 0.1 * P1)}, b, 1e-6f);
    }

    @Test
    void nesterovFirstStepMovesLrTimesOnePlusMomentumTimesGradient() {
        // accum = g; w -= lr*g + lr*momentum*accum
        float[] b = afterSteps(opt(Optimizer.Kind.SGD, 0, 0.9, true), 0.1, 1, 0, new float[] {1, 1}, 0);
        assertArrayEquals(new float[] {(float) (1 + 0.19 * P1), (float) (-1 - 0.19 * P1)}, b, 1e-6f);
    }

    @Test
    void adamwDecaysThenStepsBySignOfGradient() {
        // w *= 1 - lr*wd (0.95), then Adam's first step is lr * sign(-g) (|g| >> epsilon).
        float[] b = afterSteps(opt(Optimizer.Kind.ADAMW, 0.5, 0, false), 0.1, 1, 0, new float[] {1, 1}, 0);
        assertArrayEquals(new float[] {1.05f, -1.05f}, b, 1e-5f);
    }

    @Test
    void adamWeightDecayIsCoupledIntoTheGradient() {
        // g + wd*w = [-0.119+0.5, 0.119-0.5]: the sign flips, so the step goes the other way.
        float[] b = afterSteps(opt(Optimizer.Kind.ADAM, 0.5, 0, false), 0.1, 1, 0, new float[] {1, 1}, 0);
        assertArrayEquals(new float[] {0.9f, -0.9f}, b, 1e-5f);
    }

    @Test
    void adamAdvancesBetaPowersBetweenSteps() {
        // Reference Adam (TF's epsilon placement) in doubles, three steps.
        double[] w = {1, -1}, m = new double[2], v = new double[2];
        double lr = 0.05, b1 = 0.9, b2 = 0.999;
        for (int t = 1; t <= 3; t++) {
            double p1 = 1 / (1 + Math.exp(w[0] - w[1]));
            double[] g = {-(p1), p1}; // d/dw0 = softmax0 - 1 = -p1
            double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 2; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                w[i] -= lrT * m[i] / (Math.sqrt(v[i]) + 1e-8);
            }
        }
        float[] b = afterSteps(opt(Optimizer.Kind.ADAM, 0, 0, false), lr, 3, 0, new float[] {1, 1}, 0);
        assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, b, 1e-5f);
    }

    @Test
    void lossUsesSmoothedTargetsAndClassWeights() {
        double lp0 = Math.log(1 - P1), lp1 = Math.log(P1);
        try (TrainGraph g = new TrainGraph(BiasNet.factory(1f, -1f), "bias", 2, 8, 8, 0, Normalization.parse("x3.2"),
                opt(Optimizer.Kind.SGD, 0, 0, false), 0.1, new float[] {1f, 3f}, 1)) {
            g.initialize();
            // Two images, labels 0 and 1, weights 1 and 3; smoothing 0.1 over 2 classes: targets 0.95/0.05.
            float loss = g.step(new byte[2 * IMAGE.length], new int[] {0, 1}, 2, 0.0).loss();
            double l0 = -(0.95 * lp0 + 0.05 * lp1), l1 = -(0.05 * lp0 + 0.95 * lp1);
            assertEquals((1 * l0 + 3 * l1) / 4, loss, 1e-5);
        }
    }
}
