package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.train.RunConfig;
import dev.cvpipe.train.SplitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/** model export RUN_DIR: the SavedModel takes raw uint8 pixels and gives predict's probabilities. */
class ModelExportRunTest {
    @TempDir
    Path tmp;

    @Test
    void aRunExportedAsSavedModelMatchesPredictProbsOnRawPixels() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 2);
        Path run = tmp.resolve("run");
        // x3.2 normalisation, so a SavedModel that skipped it (or normalised twice) would differ
        CliRun t = CliRun.of("train", "--data", split.toString(), "--model", "cnn-small", "--input", "24x32", "--epochs", "2",
                "--batch", "32", "--lr", "0.01", "--augment", "none", "--normalize", "x3.2", "--threads", "1", "--seed", "3",
                "-o", run.toString());
        assertEquals(0, t.exit(), t.err());

        Path images = SplitFixture.MINI.resolve("cat_12_test");
        Path probsCsv = tmp.resolve("probs.csv");
        CliRun p = CliRun.of("predict", "--model", run.toString(), "--images", images.toString(), "-o", tmp.resolve("result.csv").toString(),
                "--probs", probsCsv.toString());
        assertEquals(0, p.exit(), p.err());

        Path out = tmp.resolve("exported");
        CliRun e = CliRun.of("model", "export", run.toString(), "-o", out.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.err().contains("uint8 images [N,24,32,3] -> probabilities, class_ids; 12 classes"), e.err());
        assertEquals(Files.readString(run.resolve("labels.txt")), Files.readString(out.resolve("assets.extra/labels.txt")));

        // The pixels a user feeds: each image decoded and resized as config.json's "resize" says, nothing else.
        RunConfig c = RunConfig.read(run);
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.sorted().toList();
        }
        int n = files.size();
        byte[] pixels = new byte[n * 24 * 32 * 3];
        for (int i = 0; i < n; i++) {
            byte[] px = c.resizeMode().apply(ImageDecoder.readRgb(files.get(i)), 24, 32);
            System.arraycopy(px, 0, pixels, i * px.length, px.length);
        }
        List<String> rows = Files.readAllLines(probsCsv);
        List<String> result = Files.readAllLines(tmp.resolve("result.csv"));
        try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve");
             TUint8 x = TUint8.tensorOf(Shape.of(n, 24, 32, 3), DataBuffers.of(pixels, true, false));
             var r = b.function("serving_default").call(Map.of("images", x))) {
            TFloat32 probs = (TFloat32) r.get("probabilities").orElseThrow();
            TInt32 ids = (TInt32) r.get("class_ids").orElseThrow();
            assertArrayEquals(new long[] {n, 12}, probs.shape().asArray());
            assertArrayEquals(new long[] {n}, ids.shape().asArray());
            for (int i = 0; i < n; i++) {
                String[] row = rows.get(i + 1).split(",");
                assertEquals(files.get(i).getFileName().toString(), row[0]);
                for (int k = 0; k < 12; k++) {
                    // probs.csv holds 6 decimals
                    assertEquals(Double.parseDouble(row[k + 1]), probs.getFloat(i, k), 5.1e-7, row[0] + " class " + k);
                }
                // labels 00..11: result.csv's class is the class id
                assertEquals(result.get(i).split(",")[1], Integer.toString(ids.getInt(i)), row[0]);
            }
        }

        CliRun again = CliRun.of("model", "export", run.toString(), "-o", tmp.resolve("x").toString(), "--classes", "3");
        assertEquals(ExitCode.USAGE, again.exit());
        assertTrue(again.err().contains("is a run folder"), again.err());

        // a classification run given to seg predict: the message names the run
        CliRun seg = CliRun.of("seg", "predict", "--model", run.toString(), "--images", images.toString(), "-o", tmp.resolve("masks").toString());
        assertEquals(ExitCode.FAILURE, seg.exit(), seg.err());
        assertTrue(seg.err().contains(run + ": not a segmentation run"), seg.err());

        // a folder without config.json is named as such, not as an unknown model
        Path empty = Files.createDirectories(tmp.resolve("not-a-run"));
        CliRun none = CliRun.of("model", "export", empty.toString(), "-o", tmp.resolve("y").toString());
        assertEquals(ExitCode.FAILURE, none.exit(), none.err());
        assertTrue(none.err().contains(empty + ": no config.json in this folder: not a training run folder"), none.err());
        assertFalse(Files.exists(tmp.resolve("y")));
    }
}
