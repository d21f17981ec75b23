package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.testdata.SmallDisk;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: no input lost, no hang, and exit 1 (not 3, not 0) when an output or stdout cannot be written. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReliabilityTest {
    static final Path MODES = Path.of("test-data/images/modes");
    static final int RED = 0xff0000, BLUE = 0x0000ff;

    @TempDir
    Path tmp;

    static void solid(Path f, String format, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) img.setRGB(x, y, rgb);
        Files.createDirectories(f.getParent());
        assertTrue(ImageIO.write(img, format, f.toFile()));
    }

    static int rgbAt(Path f) throws BadImageException {
        RgbImage i = ImageDecoder.readRgb(f);
        return i.r(4, 4) << 16 | i.g(4, 4) << 8 | i.b(4, 4);
    }

    static boolean near(int a, int b) {
        for (int s = 0; s < 24; s += 8) if (Math.abs((a >> s & 255) - (b >> s & 255)) > 8) return false;
        return true;
    }

    // 1. in place, --force never lets one input overwrite another

    @Test
    void inPlaceForceToJpegRefusesToOverwriteAnotherInput() throws Exception {
        Path dir = tmp.resolve("in");
        solid(dir.resolve("a.png"), "png", RED);
        solid(dir.resolve("a.jpg"), "jpeg", BLUE);
        CliRun r = CliRun.of("to-rgb", dir.toString(), "--in-place", "--format", "jpeg", "--force");
        assertEquals(ExitCode.BAD_INPUTS, r.exit(), r.err());
        assertTrue(r.err().contains("a.png: target a.jpg already exists"), r.err());
        assertEquals(RED, rgbAt(dir.resolve("a.png")));
        assertTrue(near(BLUE, rgbAt(dir.resolve("a.jpg"))), Integer.toHexString(rgbAt(dir.resolve("a.jpg"))));
    }

    @Test
    void inPlaceFixExtensionForceRefusesToOverwriteAnotherInput() throws Exception {
        Path dir = tmp.resolve("in");
        solid(dir.resolve("a.png"), "png", BLUE);
        solid(dir.resolve("b.png"), "png", RED);
        Files.move(dir.resolve("b.png"), dir.resolve("a.jpg")); // PNG content named .jpg -> wants a.png
        CliRun r = CliRun.of("to-rgb", dir.toString(), "--in-place", "--fix-extension", "--force");
        assertEquals(ExitCode.BAD_INPUTS, r.exit(), r.err());
        assertEquals(BLUE, rgbAt(dir.resolve("a.png")));
        assertEquals(RED, rgbAt(dir.resolve("a.jpg")));
    }

    // 4. a FIFO named like an image is refused before it is opened (opening it would block forever)

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFifoIsNotARegularFileForEveryReader() throws Exception {
        Path fifo = tmp.resolve("x.png");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliRun inspect = CliRun.of("inspect", fifo.toString());
        assertEquals(ExitCode.BAD_INPUTS, inspect.exit(), inspect.err());
        assertTrue(inspect.err().contains(fifo + ": not a regular file"), inspect.err());
        CliRun toRgb = CliRun.of("to-rgb", fifo.toString(), "-o", tmp.resolve("out").toString());
        assertEquals(ExitCode.BAD_INPUTS, toRgb.exit(), toRgb.err());
        assertTrue(toRgb.err().contains(fifo + ": not a regular file"), toRgb.err());
        // the readers behind predict, train, detect, seg metrics, split --mode copy
        var e = org.junit.jupiter.api.Assertions.assertThrows(BadImageException.class, () -> ImageDecoder.readRgb(fifo));
        assertEquals("not a regular file", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(BadImageException.class, () -> ImageDecoder.readMask(fifo));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> AtomicFile.copy(fifo, tmp.resolve("copy.png")));
    }

    /** In a folder too: a FIFO named like an image is a bad input (exit 3), not silently left out (exit 0). */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFifoInAFolderIsReportedNotSkipped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Path fifo = dir.resolve("x.png");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliRun inspect = CliRun.of("inspect", dir.toString());
        assertEquals(ExitCode.BAD_INPUTS, inspect.exit(), inspect.err());
        assertTrue(inspect.err().contains(fifo + ": not a regular file"), inspect.err());
        CliRun toRgb = CliRun.of("to-rgb", dir.toString(), "-o", tmp.resolve("out").toString());
        assertEquals(ExitCode.BAD_INPUTS, toRgb.exit(), toRgb.err());
        assertTrue(toRgb.err().contains(fifo + ": not a regular file"), toRgb.err());
        CliRun inPlace = CliRun.of("to-rgb", dir.toString(), "--in-place");
        assertEquals(ExitCode.BAD_INPUTS, inPlace.exit(), inPlace.err());
    }

    // 5. a failed output write stops the run with exit 1 naming the output, inputs are not blamed

    @Test
    void fullDiskStopsToRgbWithExit1NamingTheOutput() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 20; i++) Files.copy(MODES.resolve("mode_P.png"), in.resolve("p" + i + ".png"));
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 8)) {
            CliRun r = CliRun.of("to-rgb", in.toString(), "-o", disk.dir().resolve("out").toString(), "--jobs", "1");
            assertEquals(ExitCode.FAILURE, r.exit(), r.err());
            assertTrue(r.err().matches("(?s).*cvpipe: error: \\S*/disk/out/p\\d+\\.png: cannot write: No space left on device\\n.*"), r.err());
            assertFalse(r.err().contains("in/p"), "no input is called bad: " + r.err());
            try (Stream<Path> s = Files.walk(disk.dir())) {
                assertEquals(List.of(), s.filter(AtomicFile::isTemp).toList(), "no temp left on the full disk");
            }
        }
    }

    @Test
    void readOnlyOutputAndReadOnlyInPlaceAreFailuresNotBadInputs() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 1024)) {
            Path in = Files.createDirectories(disk.dir().resolve("in"));
            Files.copy(MODES.resolve("mode_P.png"), in.resolve("p.png"));
            byte[] before = Files.readAllBytes(in.resolve("p.png"));
            disk.remount("ro");
            CliRun r = CliRun.of("to-rgb", in.toString(), "--in-place");
            assertEquals(ExitCode.FAILURE, r.exit(), r.err());
            assertTrue(r.err().contains(in.resolve("p.png") + ": cannot write: Read-only file system"), r.err());
            CliRun o = CliRun.of("to-rgb", in.toString(), "-o", disk.dir().resolve("out").toString());
            assertEquals(ExitCode.FAILURE, o.exit(), o.err());
            assertTrue(o.err().contains("cannot write: Read-only file system"), o.err());
            assertArrayEquals(before, Files.readAllBytes(in.resolve("p.png")));
        }
    }

    // 6. stdout that cannot be written is exit 1 with a message

    static CliRun toDevFull(String... args) throws Exception {
        var err = new ByteArrayOutputStream();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(Stdout.writer(new FileOutputStream("/dev/full"), StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = Main.execute(cl, args);
        return new CliRun(code, "", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedStdoutWriteIsExit1WithAMessage() throws Exception {
        List<String[]> commands = List.of(
                new String[] {"inspect", "--csv", MODES.resolve("mode_P.png").toString()},
                new String[] {"model", "summary", "cnn-small", "--json"},
                new String[] {"seg", "metrics", "--pred", "test-data/seg-metrics/binary/pred", "--gt", "test-data/seg-metrics/binary/gt",
                    "--classes", "2", "--json"},
                new String[] {"completion"});
        for (String[] args : commands) {
            CliRun r = toDevFull(args);
            assertEquals(ExitCode.FAILURE, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("cvpipe: cannot write to standard output: No space left on device"), r.err());
        }
    }

    // 7. a temp is stale only when its owner is gone: a concurrent run's live temp survives

    @Test
    void aLiveTempOfAnotherRunSurvivesAndIsRemovedOnceItsOwnerDied() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.copy(MODES.resolve("mode_P.png"), dir.resolve("p.png"));
        String other = "777777x1234abcd";
        Path live = dir.resolve(".q.png." + other + "-1" + AtomicFile.TEMP_SUFFIX);
        Path lock = dir.resolve(".cvpipe-owner." + other + "-0" + AtomicFile.TEMP_SUFFIX);
        Files.writeString(live, "being written by another cvpipe");
        Files.writeString(lock, "");
        // the other run: any process holding an fcntl lock on its owner file (python's lockf is fcntl, like Java's)
        Process owner = new ProcessBuilder("python3", "-c",
                "import fcntl,sys,time\nf=open(sys.argv[1],'r+')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(60)",
                lock.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("locked", new String(owner.getInputStream().readNBytes(6)));
            CliRun r = CliRun.of("to-rgb", dir.toString(), "--in-place");
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.exists(live), "a live temp of another process is not stale");
        } finally {
            owner.destroyForcibly().waitFor();
        }
        Files.copy(MODES.resolve("mode_P.png"), dir.resolve("p2.png"));
        CliRun again = CliRun.of("to-rgb", dir.toString(), "--in-place");
        assertEquals(0, again.exit(), again.err());
        assertFalse(Files.exists(live), "its owner is gone: stale");
        assertFalse(Files.exists(lock));
    }

    // 8. every command that writes a folder removes the stale temps killed runs left there

    @Test
    void modelExportAndReportWritersCleanStaleTempsOfKilledRuns() throws Exception {
        Path staleDir = Files.createDirectories(tmp.resolve(".m.4242x99-3" + AtomicFile.TEMP_SUFFIX + "/variables"));
        Files.writeString(staleDir.resolve("variables.index"), "half");
        Path staleFile = tmp.resolve(".report.csv.4242x99-9" + AtomicFile.TEMP_SUFFIX);
        Files.writeString(staleFile, "half");
        CliRun r = CliRun.of("model", "export", "cnn-small", "--input", "16x16", "--classes", "4", "-o", tmp.resolve("m").toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(staleDir.getParent()));
        assertFalse(Files.exists(staleFile));
        try (Stream<Path> s = Files.walk(tmp)) {
            assertEquals(List.of(), s.filter(AtomicFile::isTemp).toList());
        }
    }
}
