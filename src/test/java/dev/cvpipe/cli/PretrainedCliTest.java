package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.weights.Layouts;
import dev.cvpipe.model.weights.Pretrained;
import dev.cvpipe.model.weights.Tensor;
import dev.cvpipe.model.weights.TorchMapping;
import dev.cvpipe.model.weights.WeightFiles;
import dev.cvpipe.report.Json;
import dev.cvpipe.train.Checkpoints;
import dev.cvpipe.train.SplitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** train / seg train --pretrained and model import through the CLI. */
class PretrainedCliTest {
    @TempDir
    Path tmp;

    /** An ImageNet-shaped (1000-class or encoder-only) state_dict of {@code model}, every value from its name. */
    static Map<String, Tensor> imagenet(String model, int classes) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (TorchMapping.Slot s : TorchMapping.slots(Models.spec(model, new ModelConfig(classes, 224, 224, 3, false, 0)))) {
            float[] v = new float[(int) Tensor.numel(s.shape())];
            for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(s.tensor().hashCode() + i * 0.37);
            if (s.tensor().endsWith("running_var")) for (int i = 0; i < v.length; i++) v[i] = 1.5f + v[i];
            sd.put(s.tensor(), Tensor.f32(s.shape(), v));
        }
        return sd;
    }

    @Test
    void trainLoadsBeforeStepOneRecordsItAndNeverReloadsOnResume() throws Exception {
        Map<String, Tensor> sd = imagenet("resnet18", 1000);
        Path file = tmp.resolve("resnet18-f37072fd.pth");
        WeightFiles.write(sd, file, WeightFiles.Format.PTH);
        Path split = SplitFixture.make(tmp.resolve("split"), 1);
        Path run = tmp.resolve("run");
        // lr 0, no decay: the trained kernels are still the file's after an epoch
        String[] args = {"train", "--data", split.toString(), "--model", "resnet18", "--input", "32", "--epochs", "1", "--batch", "32",
                "--lr", "0", "--weight-decay", "0", "--schedule", "constant", "--augment", "none", "--threads", "1",
                "--pretrained", file.toString(), "-o", run.toString()};
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("resnet18-f37072fd.pth (pth (zip)): 100 loaded, 2 reinitialised, 2 unused"), r.err());
        assertTrue(r.err().contains("fc.weight [12, 512] re-initialised (file has [1000, 512])"), r.err());
        JsonNode p = Json.MAPPER.readTree(run.resolve("config.json").toFile()).get("training").get("pretrained");
        assertEquals("resnet18-f37072fd.pth", p.get("file").asText());
        assertEquals(Pretrained.sha256(file), p.get("sha256").asText());
        assertEquals(100, p.get("loaded").asInt());
        assertEquals(2, p.get("reinitialised").asInt());
        assertEquals(2, p.get("unused").asInt());

        try (Graph g = new Graph()) {
            Network net = Models.create(Ops.create(g), "resnet18", new ModelConfig(12, 32, 32, 3, false, 0));
            try (Session s = new Session(g)) {
                s.restore(new Checkpoints(run).prefix("last").orElseThrow());
                float[] kernel = Network.values(s, net.layerVariables(0).get(0));
                assertArrayEquals(Layouts.oihwToHwio(sd.get("conv1.weight").values(), 64, 3, 7, 7), kernel, 0f);
                float[] gamma = Network.values(s, net.layerVariables(0).get(1));
                assertArrayEquals(sd.get("bn1.weight").values(), gamma, 0f);
            }
        }

        // --resume with a broken --pretrained: not read at all, the record stays
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 1000));
        String[] resume = Arrays.copyOf(args, args.length + 1);
        resume[resume.length - 1] = "--resume";
        resume[Arrays.asList(resume).indexOf("--epochs") + 1] = "2";
        r = CliRun.of(resume);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("--pretrained is not loaded on --resume"), r.err());
        p = Json.MAPPER.readTree(run.resolve("config.json").toFile()).get("training").get("pretrained");
        assertEquals(100, p.get("loaded").asInt());

        // a fresh run with the truncated file: one line naming it, exit 1, nothing written
        Path run2 = tmp.resolve("run2");
        args[args.length - 1] = run2.toString();
        r = CliRun.of(args);
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().strip().startsWith("cvpipe: " + file + ": truncated or corrupt pth (zip) file"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertFalse(Files.exists(run2));
    }

    /**
     * seg train shares --pretrained with train (TrainingOptions, Trainer); the load itself is the one
     * tested above, and the encoder-only mapping is TorchMappingTest's. Here: the file is checked
     * against the U-Net's encoder before anything is written.
     */
    @Test
    void segTrainChecksTheFileAgainstTheEncoderFirst() throws Exception {
        Path file = tmp.resolve("resnet18.safetensors");
        WeightFiles.write(imagenet("resnet18", 1000), file, WeightFiles.Format.SAFETENSORS);
        Path run = tmp.resolve("seg");
        CliRun r = CliRun.of("seg", "train", "--data", "test-data/seg-shapes", "--model", "unet-resnet34", "--input", "64", "--epochs", "1",
                "--pretrained", file.toString(), "-o", run.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("cvpipe: " + file + ": no tensor 'layer1.2.conv1.weight' [64, 64, 3, 3], which unet-resnet34 needs "
                + "(the file has 102 tensors, the first is 'conv1.weight')", r.err().strip());
        assertFalse(Files.exists(run));
    }

    @Test
    void modelImportPrintsTheMapping() throws Exception {
        Path file = tmp.resolve("r18.safetensors");
        WeightFiles.write(imagenet("resnet18", 1000), file, WeightFiles.Format.SAFETENSORS);
        CliRun r = CliRun.of("model", "import", file.toString(), "--model", "resnet18", "--classes", "5", "--csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("tensor,shape,variable,status,note", lines.get(0));
        assertEquals("conv1.weight,\"[64, 3, 7, 7]\",L000_conv/kernel,loaded,F32", lines.get(1));
        assertTrue(lines.contains("fc.weight,\"[5, 512]\",L030_connected/kernel,reinitialised,\"file has [1000, 512]\""), r.out());
        assertTrue(lines.contains("fc.weight,\"[1000, 512]\",,unused,"), r.out());
        assertEquals(1 + 102 + 2, lines.size());
        assertTrue(r.err().contains("100 loaded, 2 reinitialised, 2 unused"), r.err());

        r = CliRun.of("model", "import", file.toString(), "--model", "resnet50");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(file + ": tensor 'layer1.0.conv1.weight' is [64, 64, 3, 3] in the file but resnet50 needs [64, 64, 1, 1]"), r.err());
    }

    @Test
    void darknetWeightsForDarknet53LoadTheLayersTheyCover() throws Exception {
        // header 0.2.5, seen 0, then conv0 only: 32 x (offset, scale, mean, var) + 32x3x3x3 weights
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20 + 4 * (4 * 32 + 864)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(2).putInt(5).putLong(0);
        Path file = tmp.resolve("darknet53.conv.1");
        Files.write(file, b.array());
        CliRun r = CliRun.of("model", "import", file.toString(), "--model", "darknet53", "--classes", "5", "--csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("layer 0 (conv),928,L000_conv/*,loaded,", lines.get(1));
        assertEquals(1 + 53, lines.size());  // 52 conv layers + the classifier conv
        assertTrue(r.err().contains("darknet53.conv.1 (darknet weights): 1 loaded, 52 reinitialised, 0 unused"), r.err());
        r = CliRun.of("model", "import", file.toString(), "--model", "resnet18");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("a darknet .weights file fits darknet53"), r.err());
    }
}
