package dev.cvpipe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    static final double EPS = 1e-12;

    @Test
    void perClassAndMacroScores() {
        // (truth, pred): a(0,0) b(0,1) c(1,1) d(1,1) e(2,2) f(2,0) g(2,2); h only in truth, x only predicted
        Map<String, String> truth = Map.of("a.jpg", "0", "b.jpg", "0", "c.jpg", "1", "d.jpg", "1",
                "e.jpg", "2", "f.jpg", "2", "g.jpg", "2", "h.jpg", "0");
        Map<String, String> pred = Map.of("a.jpg", "0", "b.jpg", "1", "c.jpg", "1", "d.jpg", "1",
                "e.jpg", "2", "f.jpg", "0", "g.jpg", "2", "x.jpg", "1");
        LabelComparison c = LabelComparison.of(truth, pred);
        assertEquals(List.of("h.jpg"), c.missing());
        assertEquals(List.of("x.jpg"), c.extra());
        ClassificationReport r = c.report();
        // rows: 0 -> [1 1 0], 1 -> [0 2 0], 2 -> [1 0 2]; cols: 2, 3, 2
        assertEquals(7, r.samples());
        assertEquals(5.0 / 7, r.accuracy(), EPS);
        assertEquals(1.0 / 2, r.precision(0), EPS);
        assertEquals(2.0 / 3, r.precision(1), EPS);
        assertEquals(1.0, r.precision(2), EPS);
        assertEquals(1.0 / 2, r.recall(0), EPS);
        assertEquals(1.0, r.recall(1), EPS);
        assertEquals(2.0 / 3, r.recall(2), EPS);
        assertEquals(1.0 / 2, r.f1(0), EPS);   // 2*1/(2+2)
        assertEquals(4.0 / 5, r.f1(1), EPS);   // 2*2/(2+3)
        assertEquals(4.0 / 5, r.f1(2), EPS);   // 2*2/(3+2)
        assertEquals(0.7, r.macroF1(), EPS);   // (1/2+4/5+4/5)/3
        assertEquals(13.0 / 18, r.macroPrecision(), EPS);
        assertEquals(13.0 / 18, r.macroRecall(), EPS);
        // weighted: (2*1/2 + 2*4/5 + 3*4/5)/7 = (1 + 1.6 + 2.4)/7 = 5/7
        assertEquals(5.0 / 7, r.weightedF1(), EPS);
    }

    @Test
    void undefinedScoresCountAsZeroLikeScikitLearn() {
        // truth 0 0, pred 0 1: class 1 is predicted once, never true
        ConfusionMatrix m = new ConfusionMatrix(2);
        m.addAll(new int[] {0, 0}, new int[] {0, 1}, -1);
        ClassificationReport r = ClassificationReport.of(m);
        assertEquals(0.0, r.recall(1), EPS);     // 0/0 -> 0
        assertEquals(0.0, r.precision(1), EPS);  // 0/1
        assertEquals(2.0 / 3, r.f1(0), EPS);     // 2*1/(2+1)
        assertEquals(1.0 / 3, r.macroF1(), EPS); // (2/3 + 0)/2
    }

    @Test
    void numericClassesSortAsNumbers() {
        LabelComparison c = LabelComparison.of(Map.of("a", "10", "b", "2"), Map.of("a", "10", "b", "9"));
        assertEquals(List.of("2", "9", "10"), c.report().labels());
    }
}
