package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine;

class ModelCommandTest {
    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void summaryJsonHasTheIssuesShape() throws Exception {
        CliRun r = run("model", "summary", "test-data/darknet/yolov3.cfg", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("model", "input", "params", "trainable_params", "bflops", "layers"), keys);
        assertEquals("[416,416,3]", j.get("input").toString());
        assertEquals(61_949_149L, j.get("params").asLong());
        assertEquals(61_949_149L, j.get("trainable_params").asLong());
        assertEquals(65.879, j.get("bflops").asDouble(), 0);
        JsonNode layers = j.get("layers");
        assertEquals(107, layers.size());
        JsonNode route = layers.get(86);
        List<String> layerKeys = new ArrayList<>();
        route.fieldNames().forEachRemaining(layerKeys::add);
        assertEquals(List.of("index", "type", "output", "params", "bflops", "from"), layerKeys);
        assertEquals("route", route.get("type").asText());
        assertEquals("[768,26,26]", route.get("output").toString());
        assertEquals("[85,61]", route.get("from").toString());
        assertEquals("[255,52,52]", layers.get(106).get("output").toString());
    }

    @Test
    void summaryTextEndsWithDarknetTotalsAndCsvHasOneRowPerLayer() {
        CliRun r = run("model", "summary", "test-data/darknet/yolov3-tiny.cfg");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("Total params: 8,852,366\nTrainable params: 8,852,366\nTotal BFLOPS 5.571\n"), r.out());
        CliRun csv = run("model", "summary", "resnet50", "--input", "224x224", "--classes", "1000", "--csv");
        assertEquals(0, csv.exit(), csv.err());
        String[] lines = csv.out().split("\n");
        assertEquals("layer,type,output,params,bflops,from", lines[0]);
        long sum = 0;
        for (int i = 1; i < lines.length; i++) sum += Long.parseLong(lines[i].split(",")[3]);
        assertEquals(25_557_032L, sum);
    }

    @Test
    void listNamesEveryBuiltInWithItsParameterCount() {
        CliRun r = run("model", "list", "--csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("model,task,input,params,bflops", lines.get(0));
        assertEquals(11, lines.size(), "header + ten built-in models");
        // torchvision's and smp's published counts, as in the summary tests
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("resnet50,classifier,224x224,25557032,")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("unet-resnet34,segmentation,224x224,24436369,")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("unet-small,segmentation,64x64,488129,")), r.out()); // by hand in ModelSpecTest
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, run("model", "summary", "resnet-9000").exit());
        assertEquals(ExitCode.USAGE, run("model", "summary", "resnet50", "--input", "big").exit());
        CliRun r = run("model", "summary", "test-data/darknet/yolov3.cfg", "--classes", "3");
        assertEquals(ExitCode.FAILURE, r.exit());
        assertTrue(r.err().contains("--classes does not apply to a .cfg"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void exportWritesAServingSignatureThatGivesProbabilities(@TempDir Path dir) {
        Path out = dir.resolve("saved");
        CliRun r = run("model", "export", "cnn-small", "--input", "16x16", "--classes", "4", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, run("model", "export", "cnn-small", "-o", out.toString()).exit(), "an existing directory is not overwritten");
        try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve");
             TFloat32 images = TFloat32.tensorOf(Shape.of(2, 16, 16, 3), t -> t.scalars().forEach(v -> v.setFloat(0.25f)));
             var result = b.function("serving_default").call(Map.of("images", images))) {
            Tensor p = result.get("probabilities").orElseThrow();
            assertArrayEquals(new long[] {2, 4}, p.shape().asArray());
            TFloat32 probs = (TFloat32) p;
            double sum = 0;
            for (int k = 0; k < 4; k++) sum += probs.getFloat(1, k);
            assertEquals(1.0, sum, 1e-5, "softmax rows sum to 1");
        }
    }

    @Test
    void sizesThatOverflowAreRefusedWithTheirCfgLine(@TempDir Path dir) throws Exception {
        // the issue's repro: negative totals and exit 0 before
        Path huge = java.nio.file.Files.writeString(dir.resolve("huge.cfg"),
                "[net]\nheight=100000\nwidth=100000\nchannels=3\n\n[convolutional]\nfilters=2000000000\nsize=3\n");
        CliRun r = run("model", "summary", huge.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals("cvpipe: " + huge + ":1: [net] input 3×100000×100000 is more than 2147483647 values per image"
                + " (is the input size or a filters/stride value far too large?)", r.err().strip());

        Path filters = java.nio.file.Files.writeString(dir.resolve("filters.cfg"),
                "[net]\nheight=32\nwidth=32\nchannels=3\n\n[convolutional]\nfilters=2000000000\nsize=3\npad=1\n");
        r = run("model", "summary", filters.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertEquals("cvpipe: " + filters + ":6: [convolutional] layer 0: 2000000000×32×32 is more than 2147483647 values per image"
                + " (is the input size or a filters/stride value far too large?)", r.err().strip());

        // 32 x 100000 = 3200000 per side before; the output is refused, and an input size that overflows the int is too
        Path up = java.nio.file.Files.writeString(dir.resolve("up.cfg"),
                "[net]\nheight=32\nwidth=32\nchannels=3\n\n[upsample]\nstride=100000\n");
        r = run("model", "summary", up.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertEquals("cvpipe: " + up + ":6: [upsample] layer 0: 3×3200000×3200000 is more than 2147483647 values per image"
                + " (is the input size or a filters/stride value far too large?)", r.err().strip());
        r = run("model", "summary", up.toString(), "--input", "1x65536");
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertEquals("cvpipe: " + up + ":6: [upsample] layer 0: upsample on [3×1×65536]: sizes overflow"
                + " (is the input size or a size/stride value far too large?)", r.err().strip());

        // a kernel too large for one variable: 3 × 2000 × 2000 × 200 = 2.4e9 parameters
        Path kernel = java.nio.file.Files.writeString(dir.resolve("kernel.cfg"),
                "[net]\nheight=2000\nwidth=2000\nchannels=3\n\n[convolutional]\nfilters=200\nsize=2000\n");
        r = run("model", "summary", kernel.toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.err());
        assertEquals("cvpipe: " + kernel + ":6: [convolutional] layer 0: conv has 2400000200 parameters,"
                + " more than 2147483647 one variable can hold", r.err().strip());
    }
}
