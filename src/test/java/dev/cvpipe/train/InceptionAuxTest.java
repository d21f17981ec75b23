package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.predict.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inception-v3 built with its AuxLogits head (299x299, the smallest input it takes): the training
 * loss is main + 0.4 x aux, each the cross-entropy of its own logits computed here by hand; predict
 * rebuilds the network with the head (config.json says so) and uses the main logits only.
 */
class InceptionAuxTest {
    static final int SIDE = 299, CLASSES = 3;

    @TempDir
    Path tmp;

    /** Mean softmax cross-entropy of logits [n * classes] against labels. */
    private static double crossEntropy(float[] logits, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (int c = 0; c < CLASSES; c++) max = Math.max(max, logits[i * CLASSES + c]);
            for (int c = 0; c < CLASSES; c++) z += Math.exp(logits[i * CLASSES + c] - max);
            sum += max + Math.log(z) - logits[i * CLASSES + labels[i]];
        }
        return sum / labels.length;
    }

    @Test
    void lossIsMainPlusPointFourAuxAndPredictUsesTheMainHead() throws Exception {
        byte[] px = new byte[2 * SIDE * SIDE * 3];
        new SplittableRandom(3).nextBytes(px);
        int[] labels = {2, 0};
        Optimizer sgd = new Optimizer(Optimizer.Kind.SGD, 0, 0, false, 0.9, 0.999, 1e-8);
        Path run = Files.createDirectories(tmp.resolve("run"));
        float[] evalLogits;
        try (TrainGraph g = new TrainGraph(ModelLibrary.factory(), "inception-v3", CLASSES, SIDE, SIDE, 1, Normalization.parse("imagenet"),
                sgd, new ClassifierLoss(CLASSES, 0, new float[] {1, 1, 1}), false, 0, true, 0)) {
            g.initialize();
            TrainGraph.LossParts p = g.lossParts(px, labels, 2);
            assertEquals(crossEntropy(p.logits(), labels), p.main(), 1e-4);
            assertEquals(crossEntropy(p.auxLogits(), labels), p.aux(), 1e-4);
            assertTrue(Math.abs(p.aux() - p.main()) > 1e-3, "two different heads: " + p.main() + " vs " + p.aux());
            assertEquals(p.main() + 0.4 * p.aux(), p.total(), 1e-5);

            evalLogits = g.evalLogits(px, 2);
            Normalization n = Normalization.parse("imagenet");
            new RunConfig("inception-v3", CLASSES, SIDE, SIDE, "squash", n.name(), n.scale(), n.offset(), 1, 1, 1, "test",
                    Map.of("aux", true)).write(run);
            Files.writeString(run.resolve(RunConfig.LABELS), "a\nb\nc\n");
            new Checkpoints(run).save(g, new Checkpoints.State(1, 1, 1, 0, 0, List.of()), true);
        }
        try (Predictor p = new Predictor(run, ModelLibrary.factory(), 0)) {
            float[] probs = p.probabilities(px, 2);
            float[] expected = new float[evalLogits.length];
            for (int i = 0; i < 2; i++) {
                double z = 0;
                for (int c = 0; c < CLASSES; c++) z += Math.exp(evalLogits[i * CLASSES + c]);
                for (int c = 0; c < CLASSES; c++) expected[i * CLASSES + c] = (float) (Math.exp(evalLogits[i * CLASSES + c]) / z);
            }
            assertArrayEquals(expected, probs, 1e-5f);
        }
    }
}
