package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.weights.Pretrained;
import dev.cvpipe.model.weights.Tensor;
import dev.cvpipe.model.weights.WeightFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * {@code model export RUN --format pth|safetensors}: a resnet18 run (one training step, so the
 * weights and BN statistics are not the initial ones) written under torchvision's names and read
 * back into a differently seeded network equals the run's checkpoint exactly, variable by variable.
 * (PyTorch's strict load_state_dict of such a file is checked by hand, README "Fine-tuning".)
 */
class TorchExportTest {
    @TempDir
    Path tmp;

    /** A run folder with one saved checkpoint after one step; returns every variable's value. */
    private static Map<String, float[]> run(Path dir, String model, int classes, int size) throws Exception {
        Optimizer opt = new Optimizer(Optimizer.Kind.SGD, 0, 0.9, false, 0.9, 0.999, 1e-8);
        float[] w = new float[classes];
        java.util.Arrays.fill(w, 1);
        try (TrainGraph g = new TrainGraph(ModelLibrary.factory(), model, classes, size, size, 5, Normalization.parse("imagenet"),
                opt, 0, w, 1)) {
            g.initialize();
            byte[] px = new byte[4 * size * size * 3];
            new Random(1).nextBytes(px);
            g.step(px, new int[] {0, 1, 2, 0}, 4, 0.1);
            new Checkpoints(dir).save(g, new Checkpoints.State(1, 1, 1, 0, 0, List.of()), true);
            Normalization n = Normalization.parse("imagenet");
            new RunConfig(model, classes, size, size, "squash", n.name(), n.scale(), n.offset(), 5, 1, 1, "test", Map.of()).write(dir);
            return g.variableValues();
        }
    }

    @Test
    void resnet18RunReimportsExactlyFromPthAndSafetensors() throws Exception {
        Map<String, float[]> trained = run(tmp.resolve("run"), "resnet18", 3, 32);
        for (WeightFiles.Format f : List.of(WeightFiles.Format.PTH, WeightFiles.Format.SAFETENSORS)) {
            Path file = tmp.resolve("r18." + f.name().toLowerCase());
            TorchExport.export(tmp.resolve("run"), "best", file, f);
            assertEquals(f, WeightFiles.detect(file));
            Map<String, Tensor> sd = WeightFiles.read(file);
            assertEquals(122, sd.size(), "torchvision's resnet18 state_dict has 122 tensors");
            assertArrayEquals(new long[] {3, 512}, sd.get("fc.weight").shape());
            try (Graph g = new Graph()) {
                Network net = Models.create(Ops.create(g), "resnet18", new ModelConfig(3, 32, 32, 3, false, 99));
                try (Session s = new Session(g)) {
                    s.initialize();
                    Pretrained.load(file, s, net);
                    int compared = 0;
                    for (Variable<TFloat32> v : net.variables()) {
                        float[] expected = trained.get(v.op().name());
                        assertArrayEquals(expected, Network.values(s, v), 0f, v.op().name());
                        compared++;
                    }
                    assertEquals(122 - 20, compared, "every tensor but the 20 BN num_batches_tracked is a variable");
                }
            }
        }
        float[] mean = trained.get("resnet18/L000_conv/bn_mean");
        assertFalse(mean[0] == 0f, "the step moved the BN statistics, so the comparison is not of initial values");
    }

    @Test
    void aModelWithoutTorchNamesIsRefused() throws Exception {
        run(tmp.resolve("small"), "cnn-small", 3, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchExport.export(tmp.resolve("small"), "best", tmp.resolve("x.pth"), WeightFiles.Format.PTH));
        assertTrue(e.getMessage().contains("SavedModel"), e.getMessage());
        assertFalse(java.nio.file.Files.exists(tmp.resolve("x.pth")));
    }
}
