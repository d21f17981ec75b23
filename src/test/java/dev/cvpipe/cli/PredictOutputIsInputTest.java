package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** predict's -o/--probs naming one of the images it reads would replace that image with a CSV. */
class PredictOutputIsInputTest {
    @TempDir
    Path tmp;

    private String run(String... args) {
        var err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Log.setStream(errStream);
        try {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            cl.setErr(new PrintWriter(errStream, true, StandardCharsets.UTF_8));
            int code = cl.execute(args);
            return code + " " + err.toString(StandardCharsets.UTF_8);
        } finally {
            Log.setStream(System.err);
        }
    }

    @Test
    void anOutputThatIsAnInputImageIsRefusedAndTheImageKept() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path a = images.resolve("a.png");
        byte[] png = Files.readAllBytes(Path.of("test-data/images/modes/mode_RGB.png"));
        Files.write(a, png);
        Path model = tmp.resolve("no-run"); // refused before any run is read
        for (String[] out : new String[][] {{"-o", a.toString()}, {"-o", tmp.resolve("r.csv").toString(), "--probs", images.resolve("x/../a.png").toString()}}) {
            String[] args = new String[] {"predict", "--model", model.toString(), "--images", images.toString()};
            String r = run(concat(args, out));
            assertTrue(r.startsWith("2 cvpipe: "), r);
            assertTrue(r.contains("is one of the input images"), r);
            assertEquals(1, r.strip().lines().count(), r);
            assertArrayEquals(png, Files.readAllBytes(a));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
