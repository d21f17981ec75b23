package dev.cvpipe.model.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.RgbImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through TensorFlow: a cfg + .weights whose head yields known boxes, and yolov3 at 416. */
class DetectorTest {
    @Test
    void knownBiasesGiveKnownBoxes(@TempDir Path dir) throws Exception {
        Path cfg = KnownBoxesNet.cfg(dir);
        Path weights = KnownBoxesNet.weights(dir);
        RgbImage img = new RgbImage(64, 32, new byte[64 * 32 * 3]);
        try (Detector d = new Detector(cfg, weights, 0, 0)) {
            List<Detection> found = d.detect(List.of(img, img), 0.25f, 0.45f).get(1);
            // centres 0.25/0.75 of the 32×32 input; the 64×32 image fills rows 8..23, so y maps by (y − 0.25)/0.5:
            // cell (0,0): x 16 px ± 16, y 0 ± 16 -> clipped to 0..16; cell (1,1): x 48, y 32 ± 16 -> 16..32
            assertEquals(List.of(
                    new Detection(0, 0.5f, new Box(0, 0, 32, 16)),
                    new Detection(0, 0.5f, new Box(32, 0, 64, 16)),
                    new Detection(0, 0.5f, new Box(0, 16, 32, 32)),
                    new Detection(0, 0.5f, new Box(32, 16, 64, 32))), found);
        }
    }

    @Test
    void yolov3RunsAt416WithRandomWeights() throws Exception {
        RgbImage img = new RgbImage(100, 80, new byte[100 * 80 * 3]);
        try (Detector d = new Detector(Path.of("test-data/darknet/yolov3.cfg"), null, 416, 416)) {
            List<List<Detection>> found = d.detect(List.of(img), 0.25f, 0.45f);
            assertEquals(1, found.size());
            // without weights the heads' convolutions are silenced (objectness sigmoid(-20)): the
            // whole network ran, and no box may pass
            assertEquals(List.of(), found.get(0));
        }
    }
}
