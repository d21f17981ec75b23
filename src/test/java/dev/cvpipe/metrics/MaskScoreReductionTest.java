package dev.cvpipe.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.ImageEncoder;
import dev.cvpipe.image.IndexMask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring split in two, as a cluster runs it: each pair scored alone into a serialised
 * {@link MaskFolderEvaluator.PairScore}, the scores reduced in list order, give the threaded
 * evaluator's values exactly, smp's imagewise sums included; bad pairs are named the same way.
 */
class MaskScoreReductionTest {
    @TempDir
    Path dir;

    /** A gray PNG mask through cvpipe's own encoder. */
    static void gray(Path file, int w, int h, int... v) throws IOException {
        byte[] values = new byte[v.length];
        for (int i = 0; i < v.length; i++) values[i] = (byte) v[i];
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file)) {
            ImageEncoder.writeMaskPng(new IndexMask(w, h, values), null, os);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void scoresReducedInOrderEqualTheThreadedEvaluator() throws Exception {
        // a: 3-class pair of SegmentationMetricsTest; b: all right; c: prediction has value 7; d: sizes differ
        gray(dir.resolve("pred/a.png"), 4, 2, 0, 1, 1, 1, 2, 0, 0, 0);
        gray(dir.resolve("gt/a.png"), 4, 2, 0, 0, 1, 1, 2, 2, 0, 1);
        gray(dir.resolve("pred/b.png"), 2, 2, 2, 2, 1, 0);
        gray(dir.resolve("gt/b.png"), 2, 2, 2, 2, 1, 0);
        gray(dir.resolve("pred/c.png"), 2, 1, 7, 0);
        gray(dir.resolve("gt/c.png"), 2, 1, 0, 0);
        gray(dir.resolve("pred/d.png"), 2, 1, 0, 0);
        gray(dir.resolve("gt/d.png"), 1, 1, 0);
        MaskLabels labels = MaskLabels.of(3);
        List<MaskPairs.Pair> pairs = MaskPairs.match(dir.resolve("pred"), dir.resolve("gt"), (f, r) -> { });
        assertEquals(4, pairs.size());

        List<String> threadedBad = new ArrayList<>();
        MaskFolderEvaluator.Result threaded = new MaskFolderEvaluator(labels, 3).evaluate(pairs, new MaskFolderEvaluator.Listener() {
            @Override
            public void bad(Path file, String reason) {
                threadedBad.add(file.getFileName() + ": " + reason);
            }
        });

        List<String> splitBad = new ArrayList<>();
        MaskFolderEvaluator.Reduction r = new MaskFolderEvaluator.Reduction(3, new MaskFolderEvaluator.Listener() {
            @Override
            public void bad(Path file, String reason) {
                splitBad.add(file.getFileName() + ": " + reason);
            }
        });
        for (MaskPairs.Pair p : pairs) {
            MaskFolderEvaluator.PairScore s = new MaskFolderEvaluator.Scorer(labels).score(p.pred(), p.truth());
            r.add(p, roundTrip(s));
        }
        MaskFolderEvaluator.Result split = r.result();

        assertEquals(2, split.images());
        assertEquals(2, split.badPairs());
        assertEquals(threadedBad, splitBad);
        assertEquals("c.png: value 7 is not a class (expected 0..2)", splitBad.get(0));
        assertTrue(splitBad.get(1).startsWith("d.png: size 2x1 differs from ground truth "), splitBad.get(1));
        // a + b: 12 pixels, 9 right (5 of a's 8, all 4 of b's)
        assertEquals(12, split.total().total());
        assertEquals(9, split.total().correct());
        assertArrayEquals(flat(threaded.total().toArray()), flat(split.total().toArray()));
        for (SmpReduction red : SmpReduction.values()) assertEquals(threaded.smp(red), split.smp(red));
        assertEquals(threaded.metrics().miou(), split.metrics().miou(), 0.0);
        assertFalse(Double.isNaN(split.smp(SmpReduction.MICRO_IMAGEWISE).iouScore()));
    }

    @Test
    void aConfusionMatrixSurvivesSerialisation() throws Exception {
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.add(0, 1);
        m.add(2, 2);
        m.add(1, ConfusionMatrix.UNASSIGNED);
        ConfusionMatrix back = roundTrip(m);
        assertEquals(3, back.classes());
        assertEquals(1, back.count(0, 1));
        assertEquals(1, back.count(2, 2));
        assertEquals(1, back.unassigned(1));
        assertEquals(3, back.total());
    }

    private static long[] flat(long[][] m) {
        return java.util.Arrays.stream(m).flatMapToLong(java.util.Arrays::stream).toArray();
    }
}
