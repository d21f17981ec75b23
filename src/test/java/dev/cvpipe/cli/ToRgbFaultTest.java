package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.testdata.SmallDisk;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection for {@code to-rgb --in-place} (issue 16): folders full of random name collisions
 * (x.png, x.gif, x.jpg holding different pictures), runs killed with SIGKILL at random moments, and
 * a disk that fills up part way. After every fault no picture is lost and no file is corrupt; after
 * a re-run every input's pixels are in exactly one file and no temp file is left.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ToRgbFaultTest {
    static final int W = 96, H = 72;
    static final String[] KINDS = {"palette.png", "gray.png", "rgb.png", "gif", "bmp", "jpg", "png-named.jpg"};

    @TempDir
    Path tmp;

    /** The pictures of one folder, keyed by their pixels (every input is random noise, so all differ). */
    record Folder(Path dir, Map<ByteBuffer, String> pictures) {}

    static Folder makeFolder(Path dir, Random rnd, int files) throws Exception {
        Files.createDirectories(dir);
        Map<ByteBuffer, String> pictures = new HashMap<>();
        int stems = Math.max(2, files * 2 / 3); // fewer stems than files: many same-name collisions
        int made = 0;
        while (made < files) {
            String stem = "img" + rnd.nextInt(stems);
            String kind = KINDS[rnd.nextInt(KINDS.length)];
            String ext = kind.contains(".") ? kind.substring(kind.lastIndexOf('.') + 1) : kind;
            Path f = dir.resolve(stem + "." + ext);
            if (Files.exists(f)) continue;
            write(f, kind, rnd);
            pictures.put(ByteBuffer.wrap(ImageDecoder.readRgb(f).pixels()), f.getFileName().toString());
            made++;
        }
        assertEquals(files, pictures.size(), "inputs must have distinct pixels");
        return new Folder(dir, pictures);
    }

    private static void write(Path f, String kind, Random rnd) throws Exception {
        BufferedImage img;
        switch (kind) {
            case "palette.png", "gif" -> {
                byte[] r = new byte[256], g = new byte[256], b = new byte[256];
                rnd.nextBytes(r);
                rnd.nextBytes(g);
                rnd.nextBytes(b);
                img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r, g, b));
                rnd.nextBytes(((DataBufferByte) img.getRaster().getDataBuffer()).getData());
            }
            case "gray.png" -> {
                img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
                rnd.nextBytes(((DataBufferByte) img.getRaster().getDataBuffer()).getData());
            }
            default -> {
                img = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
                rnd.nextBytes(((DataBufferByte) img.getRaster().getDataBuffer()).getData());
            }
        }
        String format = switch (kind) {
            case "gif" -> "gif";
            case "bmp" -> "bmp";
            case "jpg" -> "jpeg";
            default -> "png";
        };
        assertTrue(ImageIO.write(img, format, f.toFile()), kind);
    }

    /** Every image file holds one of the inputs' pictures (none corrupt); returns how many files hold each. */
    static Map<ByteBuffer, Integer> census(Folder folder) throws Exception {
        Map<ByteBuffer, Integer> count = new HashMap<>();
        try (Stream<Path> s = Files.list(folder.dir())) {
            for (Path f : s.filter(p -> !AtomicFile.isTemp(p)).sorted().toList()) {
                ByteBuffer px;
                try {
                    px = ByteBuffer.wrap(ImageDecoder.readRgb(f).pixels());
                } catch (BadImageException e) {
                    throw new AssertionError(f + ": corrupt after the fault: " + e.getMessage());
                }
                assertTrue(folder.pictures().containsKey(px), f + " holds no input's pixels");
                count.merge(px, 1, Integer::sum);
            }
        }
        return count;
    }

    static void assertNothingLost(Folder folder, String when) throws Exception {
        Map<ByteBuffer, Integer> count = census(folder);
        for (var e : folder.pictures().entrySet()) {
            assertTrue(count.getOrDefault(e.getKey(), 0) >= 1, when + ": the pixels of " + e.getValue() + " are gone");
        }
    }

    static void assertExactlyOnceAndNoTemps(Folder folder, String when) throws Exception {
        Map<ByteBuffer, Integer> count = census(folder);
        for (var e : folder.pictures().entrySet()) {
            assertEquals(1, count.getOrDefault(e.getKey(), 0), when + ": files holding the pixels of " + e.getValue());
        }
        try (Stream<Path> s = Files.list(folder.dir())) {
            assertEquals(List.of(), s.filter(AtomicFile::isTemp).toList(), when + ": temp files left");
        }
    }

    static List<String> options(Random rnd) {
        List<String> o = new ArrayList<>(List.of("--format", "png"));
        if (rnd.nextBoolean()) o.add("--force");
        if (rnd.nextBoolean()) o.add("--fix-extension");
        return o;
    }

    static CliRun finish(Folder folder, List<String> opts) {
        List<String> args = new ArrayList<>(List.of("to-rgb", "--in-place", folder.dir().toString(), "-q"));
        args.addAll(opts);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertTrue(r.exit() == ExitCode.OK || r.exit() == ExitCode.BAD_INPUTS, r.exit() + ": " + r.err());
        if (r.exit() == ExitCode.BAD_INPUTS) assertTrue(r.err().contains("already exists") || r.err().contains("would overwrite"), r.err());
        return r;
    }

    @Test
    void randomCollisionsAndKillsNeverLoseAPicture() throws Exception {
        long seed = Long.getLong("cvpipe.faultSeed", 16L);
        Random rnd = new Random(seed);
        for (int round = 0; round < 3; round++) {
            Folder folder = makeFolder(tmp.resolve("kill" + round), rnd, 60 + rnd.nextInt(40));
            List<String> opts = options(rnd);
            String when = "seed " + seed + " round " + round + " " + opts;
            Map<Path, Long> before = snapshot(folder.dir());
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", "dev.cvpipe.cli.Main",
                    "to-rgb", "--in-place", folder.dir().toString(), "-q", "--jobs", "2"));
            cmd.addAll(opts);
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int killAfter = 1 + rnd.nextInt(30); // changed files seen before the kill
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && changed(folder.dir(), before) < killAfter && System.nanoTime() < deadline) Thread.sleep(2);
            p.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
            p.waitFor();
            assertNothingLost(folder, when + " after kill -9 at " + killAfter + " changed file(s)");
            finish(folder, opts);
            assertExactlyOnceAndNoTemps(folder, when + " after the re-run");
        }
    }

    @Test
    void aDiskFillingUpMidRunLosesNothingAndTheReRunFinishes() throws Exception {
        Random rnd = new Random(Long.getLong("cvpipe.faultSeed", 16L) + 1);
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 4096)) {
            Folder folder = makeFolder(disk.dir().resolve("in"), rnd, 40);
            var store = Files.getFileStore(folder.dir());
            long used = store.getTotalSpace() - store.getUnallocatedSpace();
            // room for the inputs and a few conversions, not for all of them
            disk.remountSize((int) (used / 1024) + 96);
            List<String> opts = options(rnd);
            CliRun full = CliRun.of("to-rgb", "--in-place", folder.dir().toString(), "-q", "--jobs", "2", opts.get(0), opts.get(1));
            assertEquals(ExitCode.FAILURE, full.exit(), full.err());
            assertTrue(full.err().contains(": cannot write: No space left on device"), full.err());
            assertNothingLost(folder, "after the disk filled");
            disk.remountSize(8192);
            finish(folder, List.of(opts.get(0), opts.get(1)));
            assertExactlyOnceAndNoTemps(folder, "after the re-run with room");
        }
    }

    private static Map<Path, Long> snapshot(Path dir) throws Exception {
        Map<Path, Long> m = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) m.put(f, Files.getLastModifiedTime(f).toMillis() ^ Files.size(f) << 20);
        }
        return m;
    }

    private static int changed(Path dir, Map<Path, Long> before) throws Exception {
        Map<Path, Long> now;
        try {
            now = snapshot(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0; // a file went while we listed: look again
        }
        int n = 0;
        for (var e : before.entrySet()) if (!e.getValue().equals(now.get(e.getKey()))) n++;
        return n;
    }
}
