package dev.cvpipe.model.darknet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.Shape3;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The graph built from a cfg agrees with the TF-free summary: variables, every layer's shape, head outputs. */
class DarknetGraphTest {
    @ParameterizedTest
    @CsvSource({"yolov3-tiny.cfg, 416, true", "yolov3.cfg, 128, false", "yolov4-tiny.cfg, 416, false"})
    void graphMatchesSummary(String cfg, int side, boolean run) throws Exception {
        ModelSpec spec = DarknetCfg.read(Path.of("test-data/darknet", cfg), side, side);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Network net = new Network(tf, spec, 1);
            assertEquals(spec.params(), net.graphParams());
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, side, side, 3)));
            net.forward(x, false);
            for (Map.Entry<Integer, Operand<TFloat32>> e : net.layerOutputs().entrySet()) {
                if (e.getKey() < 0) continue;
                Shape3 s = spec.nodes().get(e.getKey()).output();
                assertArrayEquals(new long[] {1, s.h(), s.w(), s.c()}, e.getValue().shape().asArray(), "layer " + e.getKey());
            }
            assertEquals(spec.heads().size(), net.headOutputs().size());
            if (!run) return;
            try (Session s = new Session(g);
                 TFloat32 in = TFloat32.tensorOf(Shape.of(1, side, side, 3), b -> b.scalars().forEach(v -> v.setFloat(0.5f)))) {
                s.initialize();
                var r = s.runner().feed(x, in);
                net.headOutputs().forEach(r::fetch);
                try (Result out = r.run()) {
                    assertArrayEquals(new long[] {1, 13, 13, 255}, out.get(0).shape().asArray());
                    assertArrayEquals(new long[] {1, 26, 26, 255}, out.get(1).shape().asArray());
                }
            }
        }
    }
}
