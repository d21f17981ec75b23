package dev.cvpipe.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.IndexMask;
import org.junit.jupiter.api.Test;

/** Metric values on 4x2 / 4x3 masks, every expected number worked out by hand below. */
class SegmentationMetricsTest {
    static final double EPS = 1e-12;

    // truth            pred
    // 0 0 1 1          0 1 1 1
    // 2 2 0 1          2 0 0 0
    // (truth, pred) pairs: (0,0) (0,1) (1,1) (1,1) (2,2) (2,0) (0,0) (1,0)
    // rows (truth):  row0 = [2 1 0] -> 3   row1 = [1 2 0] -> 3   row2 = [1 0 1] -> 2
    // cols (pred):   col0 = 2+1+1 = 4      col1 = 1+2+0 = 3      col2 = 0+0+1 = 1
    // diag = 2, 2, 1; trace = 5; total = 8
    static final int[] TRUTH = {0, 0, 1, 1, 2, 2, 0, 1};
    static final int[] PRED = {0, 1, 1, 1, 2, 0, 0, 0};

    static IndexMask mask(int w, int h, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) values[i];
        return new IndexMask(w, h, b);
    }

    static ConfusionMatrix counted(MaskLabels labels, IndexMask pred, IndexMask truth) {
        ConfusionMatrix m = new ConfusionMatrix(labels.classes());
        assertNull(new MaskCounter(labels).count(pred, truth, m));
        return m;
    }

    @Test
    void fcnMetricsOnAThreeClassPair() {
        ConfusionMatrix m = counted(MaskLabels.of(3), mask(4, 2, PRED), mask(4, 2, TRUTH));
        assertArrayEquals(new long[] {2, 1, 0}, m.toArray()[0]);
        assertArrayEquals(new long[] {1, 2, 0}, m.toArray()[1]);
        assertArrayEquals(new long[] {1, 0, 1}, m.toArray()[2]);
        SegmentationMetrics s = SegmentationMetrics.of(m);
        assertEquals(5.0 / 8, s.acc(), EPS);                              // trace/total
        assertEquals((2.0 / 3 + 2.0 / 3 + 1.0 / 2) / 3, s.accCls(), EPS);  // = 11/18
        // iou0 = 2/(3+4-2) = 2/5; iou1 = 2/(3+3-2) = 1/2; iou2 = 1/(2+1-1) = 1/2
        assertArrayEquals(new double[] {2.0 / 5, 1.0 / 2, 1.0 / 2}, s.iou(), EPS);
        assertEquals(7.0 / 15, s.miou(), EPS);                            // (2/5+1/2+1/2)/3
        // fwavacc = 3/8*2/5 + 3/8*1/2 + 2/8*1/2 = 0.15 + 0.1875 + 0.125 = 37/80
        assertEquals(37.0 / 80, s.fwavacc(), EPS);
        // precision = diag/col = 2/4, 2/3, 1/1; recall = diag/row = 2/3, 2/3, 1/2
        assertArrayEquals(new double[] {1.0 / 2, 2.0 / 3, 1.0}, s.precision(), EPS);
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 1.0 / 2}, s.recall(), EPS);
        // f1 = 2*diag/(row+col) = 4/7, 4/6, 2/3
        assertArrayEquals(new double[] {4.0 / 7, 2.0 / 3, 2.0 / 3}, s.f1(), EPS);
        // more than two classes: class_recall and f1_score are the means over classes
        assertEquals(11.0 / 18, s.classRecall(), EPS);
        assertEquals(40.0 / 63, s.f1Score(), EPS);                        // (12/21+14/21+14/21)/3
        assertEquals(13.0 / 18, s.meanPrecision(), EPS);                  // (1/2+2/3+1)/3
    }

    @Test
    void smpReductionsOnTheSamePair() {
        ConfusionMatrix m = counted(MaskLabels.of(3), mask(4, 2, PRED), mask(4, 2, TRUTH));
        // micro: tp = 5, fp = (4-2)+(3-2)+(1-1) = 3, fn = 1+1+1 = 3, tn = 3*8 - 5 - 3 - 3 = 13
        SmpScores micro = SmpScores.micro(m);
        assertEquals(5.0 / 11, micro.iouScore(), EPS);   // 5/(5+3+3)
        assertEquals(10.0 / 16, micro.f1Score(), EPS);   // 2*5/(2*5+3+3)
        assertEquals(5.0 / 8, micro.precision(), EPS);
        assertEquals(5.0 / 8, micro.recall(), EPS);
        assertEquals(18.0 / 24, micro.accuracy(), EPS);  // (5+13)/24
        // macro: class0 tp2 fp2 fn1 tn3; class1 tp2 fp1 fn1 tn4; class2 tp1 fp0 fn1 tn6
        SmpScores macro = SmpScores.macro(m);
        assertEquals(7.0 / 15, macro.iouScore(), EPS);                    // (2/5+1/2+1/2)/3
        assertEquals(40.0 / 63, macro.f1Score(), EPS);                    // (4/7+2/3+2/3)/3
        assertEquals(13.0 / 18, macro.precision(), EPS);                  // (1/2+2/3+1)/3
        assertEquals(11.0 / 18, macro.recall(), EPS);                     // (2/3+2/3+1/2)/3
        assertEquals((5.0 / 8 + 6.0 / 8 + 7.0 / 8) / 3, macro.accuracy(), EPS);
    }

    @Test
    void microImagewiseAveragesImagesAndCountsAnEmptyImageAsOne() {
        ConfusionMatrix a = counted(MaskLabels.of(3), mask(4, 2, PRED), mask(4, 2, TRUTH));
        ConfusionMatrix empty = new ConfusionMatrix(3);   // e.g. every truth pixel ignored
        SmpScores.Imagewise iw = new SmpScores.Imagewise();
        iw.addImage(a);
        iw.addImage(empty);
        ConfusionMatrix all = new ConfusionMatrix(3);
        all.add(a);
        SmpScores s = SmpScores.of(SmpReduction.MICRO_IMAGEWISE, all, iw);
        // image a: iou 5/11 (as micro above); empty image: 0/0 -> 1 (smp's zero_division=1.0)
        assertEquals((5.0 / 11 + 1) / 2, s.iouScore(), EPS);
        assertEquals((18.0 / 24 + 1) / 2, s.accuracy(), EPS);
    }

    @Test
    void aClassAbsentFromBothSidesIsNaNAndLeftOutOfTheMeans() {
        // The same pixels scored as 4 classes: class 3 occurs nowhere.
        ConfusionMatrix m = counted(MaskLabels.of(4), mask(4, 2, PRED), mask(4, 2, TRUTH));
        SegmentationMetrics s = SegmentationMetrics.of(m);
        assertTrue(Double.isNaN(s.iou()[3]));
        assertTrue(Double.isNaN(s.recall()[3]));
        assertTrue(Double.isNaN(s.f1()[3]));
        assertEquals(7.0 / 15, s.miou(), EPS);      // unchanged: NaN left out
        assertEquals(11.0 / 18, s.accCls(), EPS);
        assertEquals(37.0 / 80, s.fwavacc(), EPS);
        // smp macro instead counts the absent class as 1: (2/5 + 1/2 + 1/2 + 1)/4 = 0.6
        assertEquals(0.6, SmpScores.macro(m).iouScore(), EPS);
        // smp micro: tn = 4*8 - 5 - 3 - 3 = 21, accuracy = (5+21)/32
        assertEquals(26.0 / 32, SmpScores.micro(m).accuracy(), EPS);
    }

    @Test
    void ignoredTruthIsSkippedAndAPredictedIgnoreIsAMiss() {
        // A third row: truth 255 255 0 1, pred 0 2 255 1
        // -> two ignored pixels; (0, 255) counts in row 0 but no column; (1,1) one more hit
        int[] truth = {0, 0, 1, 1, 2, 2, 0, 1, 255, 255, 0, 1};
        int[] pred = {0, 1, 1, 1, 2, 0, 0, 0, 0, 2, 255, 1};
        ConfusionMatrix m = counted(MaskLabels.of(3, 255, 128), mask(4, 3, pred), mask(4, 3, truth));
        assertEquals(1, m.unassigned(0));
        // rows: row0 = [2 1 0]+1 unassigned -> 4, row1 = [1 3 0] -> 4, row2 = [1 0 1] -> 2; total 10
        // cols: col0 = 4, col1 = 4, col2 = 1; diag = 2, 3, 1
        assertEquals(10, m.total());
        SegmentationMetrics s = SegmentationMetrics.of(m);
        assertEquals(6.0 / 10, s.acc(), EPS);
        assertEquals((2.0 / 4 + 3.0 / 4 + 1.0 / 2) / 3, s.accCls(), EPS);       // 7/12
        // iou0 = 2/(4+4-2) = 1/3, iou1 = 3/(4+4-3) = 3/5, iou2 = 1/(2+1-1) = 1/2
        assertArrayEquals(new double[] {1.0 / 3, 3.0 / 5, 1.0 / 2}, s.iou(), EPS);
        assertEquals(43.0 / 90, s.miou(), EPS);
        // fwavacc = 4/10*1/3 + 4/10*3/5 + 2/10*1/2 = 20/150 + 36/150 + 15/150
        assertEquals(71.0 / 150, s.fwavacc(), EPS);
    }

    @Test
    void binaryZeroTo255MasksAreThresholded() {
        // truth            pred            pred as classes (>= 128 -> 1; 0 and 1 are indices)
        // 0 255 255 0      0 200 100 255   0 1 0 1
        // 0   0 255 0      1   0 255   0   1 0 1 0
        // pairs: (0,0) (1,1) (1,0) (0,1) (0,1) (0,0) (1,1) (0,0)
        // row0 = [3 2] -> 5, row1 = [1 2] -> 3; col0 = 4, col1 = 4; diag 3, 2
        ConfusionMatrix m = counted(MaskLabels.of(2),
                mask(4, 2, 0, 200, 100, 255, 1, 0, 255, 0),
                mask(4, 2, 0, 255, 255, 0, 0, 0, 255, 0));
        SegmentationMetrics s = SegmentationMetrics.of(m);
        assertEquals(5.0 / 8, s.acc(), EPS);
        assertEquals((3.0 / 5 + 2.0 / 3) / 2, s.accCls(), EPS);   // 19/30
        assertArrayEquals(new double[] {3.0 / 6, 2.0 / 5}, s.iou(), EPS);
        assertEquals(9.0 / 20, s.miou(), EPS);
        assertEquals(5.0 / 8 * 1.0 / 2 + 3.0 / 8 * 2.0 / 5, s.fwavacc(), EPS);
        // two classes: the seed's foreground recall and F1
        assertEquals(2.0 / 3, s.classRecall(), EPS);
        assertEquals(4.0 / 7, s.f1Score(), EPS);                  // 2*2/(3+4)
    }

    @Test
    void aValueOutsideTheClassesIsReportedAndNothingIsCounted() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        MaskCounter c = new MaskCounter(MaskLabels.of(3, 255, 128));
        MaskCounter.BadValue bad = c.count(mask(2, 1, 0, 7), mask(2, 1, 0, 1), m);
        assertEquals(new MaskCounter.BadValue(true, 7), bad);
        assertEquals(0, m.total());
        assertEquals(new MaskCounter.BadValue(false, 3), c.count(mask(2, 1, 0, 1), mask(2, 1, 3, 1), m));
        assertEquals(0, m.total());
        // the counter's histogram was cleared: a good pair afterwards counts only itself
        assertNull(c.count(mask(2, 1, 0, 1), mask(2, 1, 0, 0), m));
        assertEquals(2, m.total());
        assertEquals(1, m.count(0, 1));
    }

    @Test
    void addAllMatchesPerSampleCounting() {
        ConfusionMatrix a = new ConfusionMatrix(3);
        a.addAll(TRUTH, PRED, -1);
        ConfusionMatrix b = counted(MaskLabels.of(3), mask(4, 2, PRED), mask(4, 2, TRUTH));
        for (int t = 0; t < 3; t++) assertArrayEquals(b.toArray()[t], a.toArray()[t]);
    }

    @Test
    void aClassOnlyPredictedIsLeftOutOfClassRecallAndF1ScoreAlike() {
        // 4 classes, class 3 never in the truth. truth 0 0 1 2 / pred 0 3 1 3:
        // rows: 0 -> [1 0 0 1], 1 -> [0 1 0 0], 2 -> [0 0 0 1]; row 3 empty; columns 1, 1, 0, 2
        ConfusionMatrix m = counted(MaskLabels.of(4), mask(4, 1, 0, 3, 1, 3), mask(4, 1, 0, 0, 1, 2));
        SegmentationMetrics s = SegmentationMetrics.of(m);
        // recall 1/2, 1, 0, NaN; f1 = 2tp/(row+col) = 2/3, 1, 0, 0 (class 3: 0/(0+2))
        assertArrayEquals(new double[] {2.0 / 3, 1, 0, 0}, s.f1(), EPS);
        assertEquals((0.5 + 1 + 0) / 3, s.classRecall(), EPS);
        assertEquals((2.0 / 3 + 1 + 0) / 3, s.f1Score(), EPS);   // 5/9, not (2/3+1+0+0)/4
        // iou keeps the class only predicted as 0 (FCN's nanmean: it counts in miou)
        assertEquals(0.0, s.iou()[3], EPS);
    }
}
