package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --augment / --mixup / --cutmix through the CLI: usage errors, and what config.json records for predict. */
class AugmentCliTest {
    @TempDir
    Path tmp;

    @Test
    void badAugmentStepsAreUsageErrorsNamingTheToken() {
        TrainPredictCliTest.Out r = TrainPredictCliTest.cli("train", "--data", tmp.toString(), "--model", "cnn-small",
                "--augment", "rrc,hflip(prob=0.5)", "-o", tmp.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("hflip(...) has no parameter 'prob'"), r.err());
        r = TrainPredictCliTest.cli("train", "--data", tmp.toString(), "--model", "cnn-small", "--augment", "mirror", "-o", tmp.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown step 'mirror'"), r.err());
        r = TrainPredictCliTest.cli("train", "--data", tmp.toString(), "--model", "cnn-small", "--mixup", "-1", "-o", tmp.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        r = TrainPredictCliTest.cli("seg", "train", "--data", tmp.toString(), "--model", "unet-small", "--classes", "1",
                "--augment", "rrc,hflip", "-o", tmp.resolve("seg").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("rrc(scale=0.08:1,ratio=0.75:1.3333) is for classifiers"), r.err());
    }

    @Test
    void mixupCutmixAndErasingTrainAndConfigRecordsWhatPredictUses() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 1);
        Path run = tmp.resolve("run");
        TrainPredictCliTest.Out r = TrainPredictCliTest.cli("train", "--data", split.toString(), "--model", "cnn-small", "--input", "32",
                "--epochs", "1", "--batch", "8", "--mixup", "0.4", "--cutmix", "1", "--augment", "rrc(scale=0.25:1),hflip,hsv(h=10,s=20,v=20),erase(p=0.5)",
                "-o", run.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode c = Json.MAPPER.readTree(run.resolve("config.json").toFile());
        assertEquals("center-crop", c.get("resize").asText());
        JsonNode t = c.get("training");
        assertEquals(0.4, t.get("mixup").asDouble());
        assertEquals(1.0, t.get("cutmix").asDouble());
        assertEquals("[\"rrc(scale=0.25:1,ratio=0.75:1.3333)\",\"hflip(p=0.5)\",\"hsv(p=0.5,h=10,s=20,v=20)\","
                + "\"erase(p=0.5,scale=0.02:0.33,ratio=0.3:3.3)\"]", t.get("augment").toString());
        double loss = Double.parseDouble(Files.readAllLines(run.resolve("metrics.csv")).get(1).split(",")[1]);
        assertTrue(Double.isFinite(loss) && loss > 0, "train loss on soft targets " + loss);
        // predict (BatchPrediction) resizes with the run's resizeMode(), as validation did.
        assertEquals(ResizeMode.CENTER_CROP, RunConfig.read(run).resizeMode());
    }
}
