package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    private static LrSchedule of(LrSchedule.Kind k, double warmup) {
        return new LrSchedule(k, 1e-3, 8, 2, 2, 1e-5, 3, 0.1, warmup);
    }

    @Test
    void cosineRestartsMatchesPyTorchWithT0TwoTmultTwo() {
        // Periods of 2, 4, 8 epochs: restarts at epochs 2 and 6. eta_t = eta_min + (lr-eta_min)(1+cos(pi t/T))/2.
        LrSchedule s = of(LrSchedule.Kind.COSINE_RESTARTS, 0);
        double[] expected = {1e-3, 5.05e-4, 1e-3, 1e-5 + 0.99e-3 * (1 + Math.cos(Math.PI / 4)) / 2, 5.05e-4,
                1e-5 + 0.99e-3 * (1 + Math.cos(3 * Math.PI / 4)) / 2, 1e-3};
        for (int e = 0; e < expected.length; e++) assertEquals(expected[e], s.epochLr(e), 1e-12, "epoch " + e);
    }

    @Test
    void cosineStepConstant() {
        assertEquals(5.05e-4, of(LrSchedule.Kind.COSINE, 0).epochLr(4), 1e-12);
        assertEquals(1e-3, of(LrSchedule.Kind.STEP, 0).epochLr(2), 1e-15);
        assertEquals(1e-4, of(LrSchedule.Kind.STEP, 0).epochLr(3), 1e-15);
        assertEquals(1e-5, of(LrSchedule.Kind.STEP, 0).epochLr(7), 1e-15);
        assertEquals(1e-3, of(LrSchedule.Kind.CONSTANT, 0).epochLr(7), 0);
    }

    @Test
    void warmupRampsLinearlyPerStep() {
        LrSchedule s = of(LrSchedule.Kind.CONSTANT, 0.5); // 0.5 epoch of 10 steps = 5 warm-up steps
        assertEquals(0.2e-3, s.lr(0, 0, 10), 1e-15);
        assertEquals(1.0e-3, s.lr(0, 4, 10), 1e-15);
        assertEquals(1.0e-3, s.lr(0, 5, 10), 1e-15);
    }
}
