package dev.cvpipe.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.cli.Main;
import dev.cvpipe.model.Precision;
import dev.cvpipe.train.ModelLibrary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The per-JVM model cache: one load per key whatever the number of concurrent tasks; failures not remembered. */
class ModelCacheTest {
    @TempDir
    static Path tmp;

    @AfterAll
    static void clear() {
        ModelCache.clear();
    }

    /** cnn-small trained one epoch at 32x32 on 8 flat red and blue squares: a real run folder in seconds. */
    static Path tinyRun(Path dir) throws IOException {
        Path split = dir.resolve("split");
        StringBuilder train = new StringBuilder(), val = new StringBuilder();
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(split.resolve("c" + c));
            for (int i = 0; i < 4; i++) {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, c == 0 ? 0xC00000 + i * 8 : 0x0000C0 + i * 8);
                String name = "c" + c + "/" + i + ".png";
                ImageIO.write(img, "png", split.resolve(name).toFile());
                (i == 0 ? val : train).append(name).append(' ').append(c).append('\n');
            }
        }
        Files.writeString(split.resolve("labels.txt"), "c0\nc1\n");
        Files.writeString(split.resolve("train_list.txt"), train);
        Files.writeString(split.resolve("val_list.txt"), val);
        Path run = dir.resolve("run");
        CommandLine cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        int code = cl.execute("train", "--data", split.toString(), "--model", "cnn-small", "--input", "32", "--epochs", "1",
                "--batch", "4", "--seed", "0", "--threads", "1", "-o", run.toString());
        assertEquals(0, code);
        return run;
    }

    @Test
    void concurrentTasksShareOneLoadedEnsemble() throws Exception {
        Path run = tinyRun(tmp);
        ModelCache.Key key = new ModelCache.Key(List.of(run.toAbsolutePath().toString()), "best", Precision.FP32, 1);
        int before = ModelCache.size();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Ensemble>> got = new ArrayList<>();
            Callable<Ensemble> task = () -> ModelCache.get(key, ModelLibrary.factory());
            for (int i = 0; i < 4; i++) got.add(pool.submit(task));
            Ensemble first = got.get(0).get();
            for (Future<Ensemble> f : got) assertSame(first, f.get());
            assertEquals(before + 1, ModelCache.size());
            assertEquals(List.of("c0", "c1"), first.labels());
            // an equal key made elsewhere (as a deserialised one on an executor) finds the same entry
            assertSame(first, ModelCache.get(new ModelCache.Key(List.of(run.toAbsolutePath().toString()), "best", Precision.FP32, 1),
                    ModelLibrary.factory()));
            // another thread count is another session
            assertTrue(ModelCache.get(new ModelCache.Key(key.runs(), "best", Precision.FP32, 2), ModelLibrary.factory()) != first);
            assertEquals(before + 2, ModelCache.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedLoadIsReportedAndNotRemembered() {
        int before = ModelCache.size();
        ModelCache.Key key = new ModelCache.Key(List.of(tmp.resolve("missing").toString()), "best", Precision.FP32, 1);
        IOException e = assertThrows(IOException.class, () -> ModelCache.get(key, ModelLibrary.factory()));
        assertTrue(e instanceof NoSuchFileException || e.getMessage().contains("missing"), e.toString());
        assertEquals(before, ModelCache.size());
    }
}
