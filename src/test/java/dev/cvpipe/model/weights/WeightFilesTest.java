package dev.cvpipe.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the small files torch 1.13 wrote (make_fixtures.py) and round-trips cvpipe's own writers. */
class WeightFilesTest {
    static final Path DIR = Path.of("src/test/resources/weights");

    @TempDir
    Path tmp;

    /** make_fixtures.py: conv.weight = arange(24)/8 - 1.25 [2,3,2,2]; bn.running_var [0.5, 3]; fc.weight = arange(6)[2,3].t(). */
    static void assertTiny(Map<String, Tensor> t) {
        assertEquals(List.of("conv.weight", "bn.running_var", "bn.num_batches_tracked", "fc.weight"), List.copyOf(t.keySet()));
        Tensor conv = t.get("conv.weight");
        assertArrayEquals(new long[] {2, 3, 2, 2}, conv.shape());
        for (int i = 0; i < 24; i++) assertEquals(i / 8f - 1.25f, conv.values()[i], 0f, "conv.weight[" + i + "]");
        assertArrayEquals(new float[] {0.5f, 3f}, t.get("bn.running_var").values(), 0f);
        assertEquals(7f, t.get("bn.num_batches_tracked").values()[0]);
        assertEquals(0, t.get("bn.num_batches_tracked").shape().length);
        // the transposed (stride 1, 3) view of [[0,1,2],[3,4,5]] read in its logical order
        assertArrayEquals(new long[] {3, 2}, t.get("fc.weight").shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.get("fc.weight").values(), 0f);
    }

    @Test
    void readsEveryFormatTorchWrites() throws IOException {
        for (String f : List.of("tiny_zip.pth", "tiny_legacy.pth", "tiny_fp16.pth", "tiny_bf16_legacy.pth", "tiny_wrapped.pth",
                "tiny.safetensors", "tiny_bf16.safetensors")) {
            try {
                assertTiny(WeightFiles.read(DIR.resolve(f)));
            } catch (AssertionError e) {
                throw new AssertionError(f + ": " + e.getMessage(), e);
            }
        }
        assertEquals(WeightFiles.Format.PTH, WeightFiles.detect(DIR.resolve("tiny_zip.pth")));
        assertEquals(WeightFiles.Format.PTH_LEGACY, WeightFiles.detect(DIR.resolve("tiny_legacy.pth")));
        assertEquals(WeightFiles.Format.SAFETENSORS, WeightFiles.detect(DIR.resolve("tiny.safetensors")));
        assertEquals(Tensor.DType.F16, WeightFiles.read(DIR.resolve("tiny_fp16.pth")).get("conv.weight").dtype());
        assertEquals(Tensor.DType.BF16, WeightFiles.read(DIR.resolve("tiny_bf16.safetensors")).get("conv.weight").dtype());
    }

    @Test
    void formatComesFromTheBytesNotTheName() throws IOException {
        Path renamed = tmp.resolve("weights.safetensors");
        Files.copy(DIR.resolve("tiny_legacy.pth"), renamed);
        assertEquals(WeightFiles.Format.PTH_LEGACY, WeightFiles.detect(renamed));
        assertTiny(WeightFiles.read(renamed));
    }

    @Test
    void halfAndBfloat16Conversions() {
        assertEquals(1f, Tensor.halfToFloat(0x3c00));
        assertEquals(-2f, Tensor.halfToFloat(0xc000));
        assertEquals(65504f, Tensor.halfToFloat(0x7bff));
        assertEquals(0x1p-24f, Tensor.halfToFloat(0x0001));       // smallest subnormal
        assertEquals(Float.NEGATIVE_INFINITY, Tensor.halfToFloat(0xfc00));
        assertTrue(Float.isNaN(Tensor.halfToFloat(0x7e00)));
        assertEquals(1f, Tensor.bf16ToFloat(0x3f80));
        assertEquals(-0.5f, Tensor.bf16ToFloat(0xbf00));
    }

    @Test
    void aPickleThatWouldRunCodeIsRefusedNotRun() {
        String e = assertThrows(IOException.class, () -> WeightFiles.read(DIR.resolve("evil.pth"))).getMessage();
        assertTrue(e.contains("evil.pth") && e.contains("posix.system") && e.contains("never runs code"), e);
        assertFalse(e.contains("\n"), e);
    }

    @Test
    void truncatedFilesGiveOneLineErrorsNamingTheFile() throws IOException {
        for (String f : List.of("tiny_zip.pth", "tiny_legacy.pth", "tiny.safetensors")) {
            byte[] all = Files.readAllBytes(DIR.resolve(f));
            for (int keep : new int[] {all.length / 2, all.length - 3}) {
                Path cut = tmp.resolve(keep + "_" + f);
                Files.write(cut, Arrays.copyOf(all, keep));
                String e = assertThrows(IOException.class, () -> WeightFiles.read(cut), f + " cut to " + keep).getMessage();
                assertTrue(e.startsWith(cut.toString() + ": "), e);
                assertFalse(e.contains("\n"), e);
            }
        }
        // cut inside its JSON header (the 100-byte case from review): said as truncated, not as an unknown format
        byte[] st = Files.readAllBytes(DIR.resolve("tiny.safetensors"));
        Path head = tmp.resolve("head.safetensors");
        Files.write(head, Arrays.copyOf(st, 20));
        assertEquals(head + ": truncated safetensors file (header of " + java.nio.ByteBuffer.wrap(st, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong()
                + " bytes, file of 20)", assertThrows(IOException.class, () -> WeightFiles.detect(head)).getMessage());
        Path junk = tmp.resolve("junk.pth");
        Files.writeString(junk, "this is not a weights file at all");
        assertThrows(IOException.class, () -> WeightFiles.read(junk));
    }

    @Test
    void aMissingFileOrADirectoryIsAnErrorNamingThePathAndTheReason() {
        Path missing = tmp.resolve("nope.pth");
        assertEquals(missing + ": no such file", assertThrows(IOException.class, () -> WeightFiles.detect(missing)).getMessage());
        assertEquals(tmp + ": is a directory, not a weights file",
                assertThrows(IOException.class, () -> WeightFiles.read(tmp)).getMessage());
    }

    @Test
    void writersRoundTripExactly() throws IOException {
        Map<String, Tensor> sd = new LinkedHashMap<>(WeightFiles.read(DIR.resolve("tiny_zip.pth")));
        sd.put("bn.num_batches_tracked", new Tensor(Tensor.DType.I64, new long[0], new float[] {7}));
        for (WeightFiles.Format f : List.of(WeightFiles.Format.PTH, WeightFiles.Format.SAFETENSORS)) {
            Path out = tmp.resolve("rt." + f);
            WeightFiles.write(sd, out, f);
            assertEquals(f, WeightFiles.detect(out));
            assertTiny(WeightFiles.read(out));
        }
    }
}
