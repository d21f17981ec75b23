package dev.cvpipe.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvpipe.dataset.ImageInputs;
import dev.cvpipe.report.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * a.bmp, a.gif and a.png all want mask a.png: one won by timing (on Spark, by which task ended last); a.png keeps it.
 * And with -o the images folder, --force wrote a mask over the input image a.png. Both are whole-set
 * checks made before any mask is written, in input order, with to-rgb's wording.
 */
class SegPredictionOutputClashTest {
    @TempDir
    Path tmp;

    private Path run() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.json"), "{\"model\":\"unet-small\",\"classes\":1,\"height\":8,\"width\":8,"
                + "\"training\":{\"task\":\"segmentation\"}}");
        return run;
    }

    private List<String> predict(Path images, Path out, boolean force, List<String> predicted) throws Exception {
        var o = new SegPrediction.Options(List.of(run()), out, "best", false, false, force, 1);
        BadInputs bad = new BadInputs(false);
        SegPrediction.run(ImageInputs.fromFolder(images), o, (todo, outcomes) -> {
            for (ImageInputs.Input in : todo) {
                predicted.add(in.name());
                outcomes.accept(new SegPrediction.Outcome(null));
            }
        }, bad);
        return bad.lines();
    }

    @Test
    void twoImagesWithOneMaskNameAreReportedNotRaced() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        for (String n : List.of("a.bmp", "a.gif", "a.png", "b.jpg")) Files.write(images.resolve(n), new byte[] {1});
        List<String> predicted = new ArrayList<>();
        List<String> bad = predict(images, tmp.resolve("masks"), false, predicted);
        assertEquals(List.of("a.png", "b.jpg"), predicted);
        assertEquals(List.of(images.resolve("a.bmp") + ": output a.png would overwrite the output of " + images.resolve("a.png"),
                images.resolve("a.gif") + ": output a.png would overwrite the output of " + images.resolve("a.png")), bad);
    }

    @Test
    void aMaskThatWouldReplaceAnInputImageIsReported() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        Files.write(images.resolve("a.png"), png);
        Files.write(images.resolve("b.jpg"), new byte[] {1});
        List<String> predicted = new ArrayList<>();
        List<String> bad = predict(images, images, true, predicted);
        assertEquals(List.of("b.jpg"), predicted);
        assertEquals(List.of(images.resolve("a.png") + ": output a.png would overwrite the input image " + images.resolve("a.png")), bad);
        assertArrayEquals(png, Files.readAllBytes(images.resolve("a.png")));
    }
}
