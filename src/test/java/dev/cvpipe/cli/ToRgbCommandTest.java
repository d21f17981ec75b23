package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.ImageInfo;
import dev.cvpipe.image.ImageInspector;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToRgbCommandTest {
    static final Path MODES = Path.of("test-data/images/modes");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Log.setStream(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        Log.setStream(System.err);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args);
    }

    /** Damaged scan data (markers intact): converted as Pillow converts it, with one warning line naming the file. */
    @Test
    void damagedJpegDataIsConvertedWithAWarningNamingTheFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.cvpipe.image.ImageDecoder.jpegCodec().contains("cvpipe's shim"), "no native shim");
        Path dir = Files.createDirectories(tmp.resolve("damaged"));
        Files.write(dir.resolve("d.jpg"), dev.cvpipe.image.NativeCodecTest.damagedScanJpeg());
        assertEquals(0, run("to-rgb", dir.toString(), "-o", tmp.resolve("out-d").toString(), "--format", "jpeg", "--force"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains(dir.resolve("d.jpg") + ": damaged JPEG data, decoded as Pillow decodes it (libjpeg: Corrupt JPEG data"), e);
        assertTrue(Files.size(tmp.resolve("out-d/d.jpg")) > 0);
    }

    private Path copyModes(String... names) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        for (String n : names) Files.copy(MODES.resolve(n), dir.resolve(n));
        return dir;
    }

    @Test
    void convertsCopiesAndReportsBadInputsWithExit3() throws Exception {
        Path in = copyModes("mode_P.png", "mode_RGB.png", "mode_RGB.jpg", "mode_CMYK.jpg", "zero.jpg", "truncated.jpg");
        Path o = tmp.resolve("out");
        Path report = tmp.resolve("report.csv");
        assertEquals(ExitCode.BAD_INPUTS, run("to-rgb", in.toString(), "-o", o.toString(), "--report", report.toString()));
        // already 8-bit RGB in the same format: byte for byte
        assertArrayEquals(Files.readAllBytes(in.resolve("mode_RGB.png")), Files.readAllBytes(o.resolve("mode_RGB.png")));
        assertArrayEquals(Files.readAllBytes(in.resolve("mode_RGB.jpg")), Files.readAllBytes(o.resolve("mode_RGB.jpg")));
        // P -> RGB PNG holding the palette colours
        ImageInfo p = ImageInspector.inspect(o.resolve("mode_P.png"), false);
        assertEquals("RGB", p.mode());
        RgbImage px = ImageDecoder.readRgb(o.resolve("mode_P.png"));
        assertEquals(200, px.r(1, 0));
        assertEquals(100, px.g(1, 0));
        assertEquals(50, px.b(1, 0));
        assertEquals("JPEG", ImageInspector.inspect(o.resolve("mode_CMYK.jpg"), false).format());
        assertEquals("RGB", ImageInspector.inspect(o.resolve("mode_CMYK.jpg"), false).mode());
        // bad inputs: one line each, no stack trace, nothing written for them
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains(in.resolve("zero.jpg") + ": empty file (0 bytes)"), e);
        assertTrue(e.contains(in.resolve("truncated.jpg") + ": truncated"), e);
        assertFalse(e.contains("Exception"), e);
        assertFalse(Files.exists(o.resolve("zero.jpg")));
        List<String> lines = Files.readAllLines(report);
        assertEquals("path,mode_before,action,target,reason", lines.get(0));
        assertEquals(7, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("mode_P.png,P,converted")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("mode_RGB.jpg,RGB,copied")), lines.toString());
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.matches("(?s)action\\s+files\\n.*bad\\s+2\\n.*converted\\s+2\\n.*copied\\s+2\\n"), table);
    }

    @Test
    void formatJpegReplacesTheExtension() throws Exception {
        Path in = copyModes("mode_GIF.gif", "png_named.jpg", "mode_L.png");
        Path o = tmp.resolve("out");
        assertEquals(0, run("to-rgb", in.toString(), "-o", o.toString(), "--format", "jpeg"));
        assertEquals("JPEG", ImageInspector.inspect(o.resolve("mode_GIF.jpg"), false).format());
        assertEquals("JPEG", ImageInspector.inspect(o.resolve("png_named.jpg"), false).format());
        assertEquals("JPEG", ImageInspector.inspect(o.resolve("mode_L.jpg"), false).format());
        assertFalse(Files.exists(o.resolve("mode_GIF.gif")));
    }

    @Test
    void keepWithFixExtensionRenamesLyingFiles() throws Exception {
        Path in = copyModes("png_named.jpg");
        Path o = tmp.resolve("out");
        assertEquals(0, run("to-rgb", in.toString(), "-o", o.toString()));
        assertEquals("PNG", ImageInspector.inspect(o.resolve("png_named.jpg"), false).format(), "keep keeps the name");
        assertEquals(0, run("to-rgb", in.toString(), "-o", tmp.resolve("fixed").toString(), "--fix-extension"));
        assertArrayEquals(Files.readAllBytes(in.resolve("png_named.jpg")), Files.readAllBytes(tmp.resolve("fixed/png_named.png")));
    }

    @Test
    void inPlaceConvertsThenLeavesDoneFilesAlone() throws Exception {
        Path in = copyModes("mode_LA.png", "mode_RGB.png");
        byte[] rgbBefore = Files.readAllBytes(in.resolve("mode_RGB.png"));
        Files.writeString(in.resolve(".mode_LA.png.999-1" + AtomicFile.TEMP_SUFFIX), "half a file from a killed run");
        assertEquals(0, run("to-rgb", "--in-place", in.toString()));
        assertEquals("RGB", ImageInspector.inspect(in.resolve("mode_LA.png"), false).mode());
        assertArrayEquals(rgbBefore, Files.readAllBytes(in.resolve("mode_RGB.png")));
        try (Stream<Path> s = Files.list(in)) {
            assertEquals(List.of("mode_LA.png", "mode_RGB.png"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        byte[] after = Files.readAllBytes(in.resolve("mode_LA.png"));
        assertEquals(0, run("to-rgb", "--in-place", in.toString(), "--report", tmp.resolve("r.csv").toString()));
        assertArrayEquals(after, Files.readAllBytes(in.resolve("mode_LA.png")));
        assertTrue(Files.readString(tmp.resolve("r.csv")).contains("mode_LA.png,RGB,unchanged"));
    }

    @Test
    void inPlaceGifBecomesPngAndTheGifGoes() throws Exception {
        Path in = copyModes("mode_GIF.gif");
        assertEquals(0, run("to-rgb", "--in-place", in.toString()));
        assertFalse(Files.exists(in.resolve("mode_GIF.gif")));
        assertEquals(10, ImageDecoder.readRgb(in.resolve("mode_GIF.png")).r(0, 0));
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        Path in = copyModes("mode_P.png", "mode_RGB.png");
        Path o = tmp.resolve("out");
        assertEquals(0, run("to-rgb", in.toString(), "-o", o.toString(), "--dry-run", "--csv"));
        assertFalse(Files.exists(o));
        String csv = out.toString(StandardCharsets.UTF_8);
        assertTrue(csv.contains(",P,would-convert,"), csv);
        assertTrue(csv.contains(",RGB,would-copied,"), csv);
    }

    @Test
    void strictStopsWithExit1() throws Exception {
        Path in = copyModes("zero.jpg", "mode_P.png");
        assertEquals(ExitCode.FAILURE, run("to-rgb", in.toString(), "-o", tmp.resolve("out").toString(), "--strict", "--jobs", "1"));
    }

    @Test
    void outputAndInPlaceExcludeEachOther() {
        assertEquals(ExitCode.USAGE, run("to-rgb", MODES.toString(), "-o", tmp.toString(), "--in-place"));
        assertEquals(ExitCode.USAGE, run("to-rgb", MODES.toString()));
        assertEquals(ExitCode.USAGE, run("to-rgb", MODES.toString(), "-o", MODES.toString()), "-o onto the source folder");
    }

    @Test
    void inspectPrintsOneRowPerFileAndExit3ForBadOnes() throws Exception {
        Path in = copyModes("mode_PA.png", "zero.jpg");
        assertEquals(ExitCode.BAD_INPUTS, run("inspect", in.toString(), "--csv"));
        List<String> rows = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("path,format,ext_mismatch,mode,width,height,bits,icc,orientation,status", rows.get(0));
        assertEquals(in.resolve("mode_PA.png") + ",PNG,no,PA,4,1,2,none,0,ok", rows.get(1));
        assertTrue(rows.get(2).endsWith(",,no,,0,0,0,none,0,empty file (0 bytes)"), rows.get(2));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("PA 1, bad 1"));
    }

    @Test
    void listFilesNameImagesAndMayNotEscapeTheirFolder() throws Exception {
        Path in = copyModes("mode_L.png", "mode_RGB.png");
        Files.writeString(in.resolve("list.txt"), "mode_L.png\t3\nmode_RGB.png\t0\n");
        assertEquals(0, run("inspect", in.resolve("list.txt").toString(), "--csv"));
        assertEquals(3, out.toString(StandardCharsets.UTF_8).lines().count());
        // one rule with split and predict: the escaping line is refused and reported, the rest goes on
        Files.createSymbolicLink(in.resolve("out.png"), MODES.resolve("mode_RGB.png").toAbsolutePath());
        Files.writeString(in.resolve("evil.txt"), "../../etc/passwd\nout.png\nmode_L.png\n");
        out.reset();
        err.reset();
        assertEquals(ExitCode.BAD_INPUTS, run("inspect", in.resolve("evil.txt").toString(), "--csv"));
        assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count());
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains(in.resolve("evil.txt") + ":1: path '../../etc/passwd' climbs out"), log);
        assertTrue(log.contains(in.resolve("evil.txt") + ":2: 'out.png': symlink leads outside"), log);
    }

    @Test
    void inPlaceFixExtensionRenamesAndRefusesToClobber() throws Exception {
        Path in = copyModes("png_named.jpg");
        assertEquals(0, run("to-rgb", "--in-place", in.toString(), "--fix-extension"));
        assertTrue(Files.exists(in.resolve("png_named.png")));
        assertFalse(Files.exists(in.resolve("png_named.jpg")));
        // a different file already holds the target name: refused, both files kept
        Files.copy(MODES.resolve("png_named.jpg"), in.resolve("png_named.jpg"));
        Files.writeString(in.resolve("png_named.png"), "someone else's file");
        assertEquals(ExitCode.BAD_INPUTS, run("to-rgb", "--in-place", in.resolve("png_named.jpg").toString(), "--fix-extension"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already exists"));
        assertEquals("someone else's file", Files.readString(in.resolve("png_named.png")));
        assertTrue(Files.exists(in.resolve("png_named.jpg")));
    }

    @Test
    void alphaOptionCompositesThroughTheCli() throws Exception {
        Path in = copyModes("mode_RGBA.png");
        Path o = tmp.resolve("out");
        assertEquals(0, run("to-rgb", in.toString(), "-o", o.toString(), "--alpha", "#0000ff"));
        RgbImage img = ImageDecoder.readRgb(o.resolve("mode_RGBA.png"));
        // pixel 0 has alpha 0: pure background
        assertEquals(0, img.r(0, 0));
        assertEquals(255, img.b(0, 0));
        assertEquals(ExitCode.USAGE, run("to-rgb", in.toString(), "-o", o.toString(), "--alpha", "pink"));
    }

    @Test
    void inPlaceRenameResumesAfterAKillBetweenWriteAndDelete() throws Exception {
        Path in = copyModes("mode_GIF.gif");
        // what a killed run leaves: the new x.png complete, the old x.gif not yet removed
        assertEquals(0, run("to-rgb", in.toString(), "-o", tmp.resolve("done").toString()));
        Files.copy(tmp.resolve("done/mode_GIF.png"), in.resolve("mode_GIF.png"));
        assertEquals(0, run("to-rgb", "--in-place", in.toString()));
        assertFalse(Files.exists(in.resolve("mode_GIF.gif")));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("done/mode_GIF.png")), Files.readAllBytes(in.resolve("mode_GIF.png")));
    }

    @Test
    void rgbProfilesTravelWithThePixelsUnlessIccAppliedThem() throws Exception {
        Path in = copyModes("rgb_a98.png");
        assertEquals(0, run("to-rgb", in.toString(), "-o", tmp.resolve("kept").toString(), "--force"));
        assertEquals("Artifex Software A98 ICC Profile", ImageInspector.inspect(tmp.resolve("kept/rgb_a98.png"), false).iccProfile());
        assertEquals(0, run("to-rgb", in.toString(), "-o", tmp.resolve("srgb").toString(), "--icc"));
        ImageInfo srgb = ImageInspector.inspect(tmp.resolve("srgb/rgb_a98.png"), false);
        assertEquals(null, srgb.iccProfile());
        assertEquals(232, ImageDecoder.readRgb(tmp.resolve("srgb/rgb_a98.png")).r(0, 0)); // LittleCMS's answer, see PillowConversionTest
    }
}
