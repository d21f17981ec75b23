package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvpipe.image.IndexMask;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** SegLoss on tensors of a few pixels against values worked out by hand (formulas in SegLoss's comment). */
class SegLossTest {
    static final double LN2 = Math.log(2), LN3 = Math.log(3), LN43 = Math.log(4.0 / 3);
    static final int I = SegLoss.IGNORE;

    private static double loss(SegLoss.Kind kind, int classes, double smoothing, boolean train, float[] logits, int h, int w, int... labels) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> z = tf.constant(Shape.of(1, h, w, classes), DataBuffers.of(logits, true, false));
            Operand<TInt32> y = tf.constant(Shape.of(1, h, w), DataBuffers.of(labels, true, false));
            SegLoss l = new SegLoss(kind, classes, smoothing);
            Operand<TFloat32> out = train ? l.trainLoss(tf, z, y) : l.evalLoss(tf, z, y);
            try (TFloat32 t = (TFloat32) s.runner().fetch(out).run().get(0)) {
                return t.getFloat();
            }
        }
    }

    // Binary: z = [0, ln3, -ln3, 0] -> p = [1/2, 3/4, 1/4, 1/2]; labels [1, 1, 0, ignore].
    static final float[] BIN = {0f, (float) Math.log(3), (float) -Math.log(3), 0f};

    @Test
    void binaryBce() {
        // -ln(1/2), -ln(3/4), -ln(1 - 1/4) over the three valid pixels
        assertEquals((LN2 + 2 * LN43) / 3, loss(SegLoss.Kind.BCE, 1, 0, false, BIN, 2, 2, 1, 1, 0, I), 1e-6);
    }

    @Test
    void binaryDice() {
        // I = 1/2 + 3/4 = 5/4; S = (1/2 + 1) + (3/4 + 1) + (1/4 + 0) = 7/2; 1 - 2I/S = 1 - 5/7 = 2/7
        assertEquals(2.0 / 7, loss(SegLoss.Kind.DICE, 1, 0, false, BIN, 2, 2, 1, 1, 0, I), 1e-6);
    }

    @Test
    void binaryDiceBceIsTheHalfHalfSum() {
        assertEquals(0.5 * 2 / 7 + 0.5 * (LN2 + 2 * LN43) / 3, loss(SegLoss.Kind.DICE_BCE, 1, 0, false, BIN, 2, 2, 1, 1, 0, I), 1e-6);
    }

    @Test
    void diceOfABatchWithoutForegroundIsZero() {
        assertEquals(0.0, loss(SegLoss.Kind.DICE, 1, 0, false, BIN, 2, 2, 0, 0, 0, 0), 0);
    }

    // Three classes, two pixels: z1 = [0,0,0] -> p = [1/3,1/3,1/3], label 0; z2 = [ln2,0,0] -> p = [1/2,1/4,1/4], label 2.
    static final float[] MULTI = {0f, 0f, 0f, (float) Math.log(2), 0f, 0f};

    @Test
    void multiClassCe() {
        assertEquals((LN3 + Math.log(4)) / 2, loss(SegLoss.Kind.CE, 3, 0, false, MULTI, 1, 2, 0, 2), 1e-6);
    }

    @Test
    void labelSmoothingOnlyInTheTrainingLoss() {
        // s = 0.3: t'1 = [0.8, 0.1, 0.1] -> ln3; t'2 = [0.1, 0.1, 0.8] -> 0.1 ln2 + 0.9 ln4
        double smoothed = (LN3 + 0.1 * LN2 + 0.9 * Math.log(4)) / 2;
        assertEquals(smoothed, loss(SegLoss.Kind.CE, 3, 0.3, true, MULTI, 1, 2, 0, 2), 1e-6);
        assertEquals((LN3 + Math.log(4)) / 2, loss(SegLoss.Kind.CE, 3, 0.3, false, MULTI, 1, 2, 0, 2), 1e-6);
    }

    @Test
    void multiClassDiceCountsAnAbsentClassAsZeroInTheMean() {
        // class 0: I = 1/3, S = 4/3 + 1/2 = 11/6 -> 1 - 4/11 = 7/11; class 1 absent -> 0;
        // class 2: I = 1/4, S = 1/3 + 5/4 = 19/12 -> 1 - 6/19 = 13/19
        double dice = (7.0 / 11 + 13.0 / 19) / 3;
        assertEquals(dice, loss(SegLoss.Kind.DICE, 3, 0, false, MULTI, 1, 2, 0, 2), 1e-6);
        assertEquals(0.5 * dice + 0.5 * (LN3 + Math.log(4)) / 2, loss(SegLoss.Kind.DICE_CE, 3, 0, false, MULTI, 1, 2, 0, 2), 1e-6);
    }

    @Test
    void ignoredPixelsCountNowhere() {
        // Pixel 2 ignored: CE = ln3 (pixel 1 only)
        assertEquals(LN3, loss(SegLoss.Kind.CE, 3, 0, false, MULTI, 1, 2, 0, I), 1e-6);
    }

    @Test
    void lossesThatDoNotFitTheClassCountAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SegLoss(SegLoss.Kind.CE, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SegLoss(SegLoss.Kind.BCE, 3, 0));
    }

    @Test
    void maskValuesBecomeLabels() {
        SegLabels bin = new SegLabels(1, 128, false, -1);
        assertArrayEquals(new int[] {0, 0, 1, 1}, new int[] {bin.label(0), bin.label(127), bin.label(128), bin.label(255)});
        SegLabels inv = new SegLabels(1, 128, true, -1);
        assertEquals(1, inv.label(0));
        assertEquals(0, inv.label(255));
        assertEquals(0, inv.outputValue(1));
        assertEquals(255, inv.outputValue(0));
        SegLabels multi = new SegLabels(3, 128, false, 255);
        assertEquals(2, multi.label(2));
        assertEquals(I, multi.label(255));
        assertThrows(IllegalArgumentException.class, () -> multi.label(3));
        // Nearest 4x4 -> 2x2 takes source pixels (1,1), (3,1), (1,3), (3,3): centres 0.5 -> 1, 1.5 -> 3
        byte[] v = new byte[16];
        for (int i = 0; i < 16; i++) v[i] = (byte) (i % 3);
        byte[] small = multi.labels(new IndexMask(4, 4, v), 2, 2);
        assertArrayEquals(new byte[] {(byte) (5 % 3), (byte) (7 % 3), (byte) (13 % 3), (byte) (15 % 3)}, small);
    }
}
