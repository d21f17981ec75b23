package dev.cvpipe.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The names the builders give equal the state_dict keys torchvision / smp create (names/*.txt, written by make_fixtures.py). */
class TorchMappingTest {
    static ModelSpec imagenetSpec(String model) {
        int side = model.equals("inception-v3") ? 299 : 224;
        int classes = model.startsWith("unet") ? 1 : 1000;
        return Models.spec(model, new ModelConfig(classes, side, side, 3, true, 0));
    }

    /** "name d0,d1,..." lines as torch lists its state_dict (num_batches_tracked as a 0-d tensor). */
    static List<String> torchLines(ModelSpec spec) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (TorchMapping.Slot s : TorchMapping.slots(spec)) {
            shapes.put(s.tensor(), s.shape());
            if (s.tensor().endsWith(".running_var")) shapes.put(s.tensor().replace(".running_var", ".num_batches_tracked"), new long[0]);
        }
        List<String> out = new ArrayList<>();
        shapes.forEach((k, v) -> out.add(k + " " + java.util.Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining(","))));
        return out;
    }

    @Test
    void builderNamesAreTorchvisionAndSmpNames() throws IOException {
        for (String m : List.of("resnet18", "resnet34", "resnet50", "resnet101", "inception-v3", "unet-resnet34", "unetpp-resnet34")) {
            List<String> want = Files.readAllLines(WeightFilesTest.DIR.resolve("names/" + m + ".txt"));
            List<String> got = torchLines(imagenetSpec(m));
            assertEquals(want.stream().sorted().toList(), got.stream().sorted().toList(), m);
        }
        // the counts the notes give: resnet18 122 tensors, resnet50 320, inception_v3 580 (with num_batches_tracked)
        assertEquals(122, torchLines(imagenetSpec("resnet18")).size());
        assertEquals(320, torchLines(imagenetSpec("resnet50")).size());
        assertEquals(580, torchLines(imagenetSpec("inception-v3")).size());
    }

    /** A state_dict of zeros with these names and shapes. */
    static Map<String, Tensor> fake(List<String> lines) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (String l : lines) {
            String[] p = l.split(" ", -1);
            long[] shape = p[1].isEmpty() ? new long[0] : java.util.Arrays.stream(p[1].split(",")).mapToLong(Long::parseLong).toArray();
            sd.put(p[0], Tensor.f32(shape, new float[(int) Tensor.numel(shape)]));
        }
        return sd;
    }

    @Test
    void imagenetFileIntoTenClasses() throws IOException {
        Map<String, Tensor> file = fake(Files.readAllLines(WeightFilesTest.DIR.resolve("names/resnet50.txt")));
        ModelSpec spec = Models.spec("resnet50", new ModelConfig(10, 224, 224, 3, false, 0));
        TorchMapping.Plan p = TorchMapping.plan(spec, file, "r50.pth");
        assertEquals(320 - 53 - 2, p.loaded()); // 53 num_batches_tracked are not variables; fc.weight, fc.bias do not fit
        assertEquals(2, p.reinitialised());
        assertEquals(2, p.unused());            // fc.weight [1000, 2048] and fc.bias [1000]
        assertEquals(TorchMapping.Status.REINITIALISED,
                p.rows().stream().filter(r -> r.tensor().equals("fc.weight")).findFirst().orElseThrow().status());
        // the same classes: everything loads
        p = TorchMapping.plan(Models.spec("resnet50", new ModelConfig(1000, 224, 224, 3, false, 0)), file, "r50.pth");
        assertEquals(320 - 53, p.loaded());
        assertEquals(0, p.reinitialised() + p.unused());
    }

    @Test
    void encoderOnlyFileFeedsTheUnetEncoder() throws IOException {
        Map<String, Tensor> file = fake(Files.readAllLines(WeightFilesTest.DIR.resolve("names/resnet34.txt")));
        ModelSpec spec = Models.spec("unet-resnet34", new ModelConfig(3, 64, 64, 3, false, 0));
        TorchMapping.Plan p = TorchMapping.plan(spec, file, "resnet34-333f7ec4.pth");
        long encoder = TorchMapping.slots(spec).stream().filter(s -> s.tensor().startsWith("encoder.")).count();
        assertEquals(encoder, p.loaded());
        assertEquals(TorchMapping.slots(spec).size() - encoder, p.reinitialised()); // decoder + head
        assertEquals(2, p.unused());                                             // fc of the classifier file
    }

    @Test
    void anEncoderOnlyFileIsToldAboutInItsOwnNames() throws IOException {
        ModelSpec spec = Models.spec("unet-resnet34", new ModelConfig(1, 64, 64, 3, false, 0));
        Map<String, Tensor> r18 = fake(Files.readAllLines(WeightFilesTest.DIR.resolve("names/resnet18.txt")));
        String e = assertThrows(IllegalArgumentException.class, () -> TorchMapping.plan(spec, r18, "r18.pth")).getMessage();
        assertEquals("r18.pth: no tensor 'layer1.2.conv1.weight' [64, 64, 3, 3], which unet-resnet34 needs (the file has 122 tensors, the first is 'conv1.weight')", e);
        Map<String, Tensor> r50 = fake(Files.readAllLines(WeightFilesTest.DIR.resolve("names/resnet50.txt")));
        e = assertThrows(IllegalArgumentException.class, () -> TorchMapping.plan(spec, r50, "r50.pth")).getMessage();
        assertEquals("r50.pth: tensor 'layer1.0.conv1.weight' is [64, 64, 1, 1] in the file but unet-resnet34 needs [64, 64, 3, 3]", e);
    }

    @Test
    void backboneProblemsAreOneLineErrorsNamingTheTensor() throws IOException {
        ModelSpec spec = Models.spec("resnet18", new ModelConfig(10, 64, 64, 3, false, 0));
        Map<String, Tensor> file = fake(Files.readAllLines(WeightFilesTest.DIR.resolve("names/resnet18.txt")));
        file.remove("layer3.1.bn2.running_var");
        String e = assertThrows(IllegalArgumentException.class, () -> TorchMapping.plan(spec, file, "x.pth")).getMessage();
        assertEquals("x.pth: no tensor 'layer3.1.bn2.running_var' [256], which resnet18 needs (the file has 121 tensors, the first is 'conv1.weight')", e);
        Map<String, Tensor> r50 = fake(Files.readAllLines(WeightFilesTest.DIR.resolve("names/resnet50.txt")));
        e = assertThrows(IllegalArgumentException.class, () -> TorchMapping.plan(spec, r50, "r50.pth")).getMessage();
        assertEquals("r50.pth: tensor 'layer1.0.conv1.weight' is [64, 64, 1, 1] in the file but resnet18 needs [64, 64, 3, 3]", e);
        assertFalse(e.contains("\n"));
        e = assertThrows(IllegalArgumentException.class, () -> TorchMapping.slots(Models.spec("cnn-small", ModelConfig.of(3, 32, 32)))).getMessage();
        assertTrue(e.startsWith("cnn-small has no PyTorch names"), e);
    }
}
