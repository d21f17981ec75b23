package dev.cvpipe.model.darknet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** A .weights file written here byte by byte loads into the graph in the right places and saves back identical. */
class DarknetWeightsTest {
    // conv0: 4 filters 3×3 on 3 channels with BN; conv1: 2 filters 1×1, bias; connected: 3 outputs from 2×4×4
    static final String CFG = """
            [net]
            width=8
            height=8
            channels=3
            [convolutional]
            batch_normalize=1
            filters=4
            size=3
            stride=1
            pad=1
            activation=leaky
            [maxpool]
            size=2
            stride=2
            [convolutional]
            filters=2
            size=1
            activation=linear
            [connected]
            output=3
            activation=linear
            """;
    // floats: conv0 4 offset + 4 scale + 4 mean + 4 var + 108 weights; conv1 2 + 8; connected 3 + 96
    static final int FLOATS = 16 + 108 + 10 + 99;

    /** Header 0.2.5 (64-bit seen = 12345) or 0.1.0 (32-bit seen), then float k = k / 1000. */
    static byte[] file(int minor, int floats) {
        boolean seen64 = minor >= 2;
        ByteBuffer b = ByteBuffer.allocate(12 + (seen64 ? 8 : 4) + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(minor).putInt(minor >= 2 ? 5 : 0);
        if (seen64) b.putLong(12345L);
        else b.putInt(777);
        for (int k = 0; k < floats; k++) b.putFloat(k / 1000f);
        return b.array();
    }

    static float at(int k) {
        return k / 1000f;
    }

    @Test
    void loadsTransposedAndSavesBackByteIdentical(@TempDir Path dir) throws Exception {
        ModelSpec spec = DarknetCfg.build("t", CfgReader.parse("t.cfg", CFG), 0, 0);
        assertEquals(20 + 4L * FLOATS, DarknetWeights.expectedBytes(spec, DarknetWeights.Header.DEFAULT));
        for (int minor : new int[] {1, 2}) {
            Path in = dir.resolve("in" + minor + ".weights");
            Files.write(in, file(minor, FLOATS));
            try (Graph g = new Graph(); Session s = new Session(g)) {
                Network net = new Network(Ops.create(g), spec, 0);
                s.initialize();
                DarknetWeights.Header h = DarknetWeights.load(in, s, net);
                assertEquals(minor >= 2 ? 12345L : 777L, h.seen());

                var conv0 = net.layerVariables(0);
                // file order: offset 0-3, scale 4-7, mean 8-11, variance 12-15, weights from 16 (OIHW 4×3×3×3)
                assertArrayEquals(new float[] {at(0), at(1), at(2), at(3)}, Network.values(s, conv0.get(2)));
                assertArrayEquals(new float[] {at(4), at(5), at(6), at(7)}, Network.values(s, conv0.get(1)));
                assertArrayEquals(new float[] {at(12), at(13), at(14), at(15)}, Network.values(s, conv0.get(4)));
                float[] hwio = Network.values(s, conv0.get(0));
                // OIHW element o=2, i=1, y=0, x=2 sits at 16 + ((2·3 + 1)·3 + 0)·3 + 2 = 16 + 65 = 81;
                // in HWIO [3][3][3][4] it is [y=0][x=2][i=1][o=2] = ((0·3 + 2)·3 + 1)·4 + 2 = 30
                assertEquals(at(81), hwio[30]);

                var dense = net.layerVariables(3);
                // connected starts after conv0 (124) and conv1 (2 + 8): biases 134-136, weights from 137;
                // darknet weight [o=1][c=1, h=2, w=3] = 137 + 1·32 + 1·16 + 2·4 + 3 = 196,
                // our kernel [(h·4 + w)·2 + c][o] = [(11)·2 + 1][1] -> row 23, index 23·3 + 1 = 70
                assertEquals(at(196), Network.values(s, dense.get(0))[70]);
                assertArrayEquals(new float[] {at(134), at(135), at(136)}, Network.values(s, dense.get(1)));

                Path out = dir.resolve("out" + minor + ".weights");
                DarknetWeights.save(out, s, net, h);
                assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out));
            }
        }
    }

    @Test
    void wrongSizeNamesTheFirstLayerThatDoesNotFit(@TempDir Path dir) throws Exception {
        ModelSpec spec = DarknetCfg.build("t", CfgReader.parse("t.cfg", CFG), 0, 0);
        Path shortFile = dir.resolve("short.weights");
        Files.write(shortFile, file(2, 130)); // conv0 (124 floats) fits, conv1 (10) does not
        Path longFile = dir.resolve("long.weights");
        Files.write(longFile, file(2, FLOATS + 1));
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Network net = new Network(Ops.create(g), spec, 0);
            s.initialize();
            String e = assertThrows(IOException.class, () -> DarknetWeights.load(shortFile, s, net)).getMessage();
            assertTrue(e.contains("layer 2 (conv) needs 40 bytes at offset 516 but only 24 remain (file 540 bytes, t needs 952)"), e);
            e = assertThrows(IOException.class, () -> DarknetWeights.load(longFile, s, net)).getMessage();
            assertTrue(e.contains("4 bytes left over after the last layer (file 956 bytes, t needs 952)"), e);
        }
    }

    @Test
    void partialFilesLoadTheLayersTheyCoverInOneRun(@TempDir Path dir) throws Exception {
        ModelSpec spec = DarknetCfg.build("t", CfgReader.parse("t.cfg", CFG), 0, 0);
        Path conv2 = dir.resolve("t.conv.2");
        Files.write(conv2, file(2, 134));              // conv0 + conv1, no connected layer
        Path classes5 = dir.resolve("t5.weights");
        Files.write(classes5, file(2, 134 + 5 + 5 * 32)); // a connected layer of 5 outputs, not 3
        Path mid = dir.resolve("mid.weights");
        Files.write(mid, file(2, 130));                 // stops inside conv1
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Network net = new Network(Ops.create(g), spec, 0);
            for (Path p : new Path[] {conv2, classes5}) {
                s.initialize();
                float[] fresh = Network.values(s, net.layerVariables(3).get(0));
                DarknetWeights.Coverage c = DarknetWeights.load(p, s, net, true);
                assertEquals(2, c.layersLoaded(), p.toString());
                assertEquals(3, c.layers());
                assertArrayEquals(new float[] {at(124), at(125)}, Network.values(s, net.layerVariables(2).get(1)));
                assertArrayEquals(fresh, Network.values(s, net.layerVariables(3).get(0)), p + ": the head keeps its init");
                assertThrows(IOException.class, () -> DarknetWeights.load(p, s, net), "a detector's load wants every layer");
            }
            String e = assertThrows(IOException.class, () -> DarknetWeights.load(mid, s, net, true)).getMessage();
            assertTrue(e.contains("layer 2 (conv) needs 40 bytes"), e);
        }
    }
}
