package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** The --normalize presets on the pixel (255, 128, 0), through the graph op training and predict use. */
class NormalizationTest {
    private static float[] normalise(String preset) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TUint8> px = tf.constant(Shape.of(1, 1, 1, 3), DataBuffers.of(new byte[] {(byte) 255, (byte) 128, 0}, true, false));
            Operand<TFloat32> y = Normalization.parse(preset).apply(tf, px);
            try (Session s = new Session(g); Result r = s.runner().fetch(y).run()) {
                return Tensors.floats((TFloat32) r.get(0));
            }
        }
    }

    @Test
    void imagenetIsMeanStdOnTheZeroToOneScale() {
        // (1 - 0.485)/0.229, (128/255 - 0.456)/0.224, (0 - 0.406)/0.225
        assertArrayEquals(new float[] {2.2489083f, 0.2051820f, -1.8044444f}, normalise("imagenet"), 2e-6f);
    }

    @Test
    void inceptionIsXOver127point5MinusOne() {
        assertArrayEquals(new float[] {1f, 0.0039215686f, -1f}, normalise("inception"), 1e-6f);
    }

    @Test
    void unitAndX32() {
        assertArrayEquals(new float[] {1f, 0.5019608f, 0f}, normalise("unit"), 1e-6f);
        // 255*3.2/255 - 1.6, 128*3.2/255 - 1.6, -1.6
        assertArrayEquals(new float[] {1.6f, 0.0062745f, -1.6f}, normalise("x3.2"), 2e-6f);
    }

    @Test
    void inceptionIsTheDefaultOnlyForPretrainedInception() {
        assertEquals("inception", Normalization.defaultFor("inception-v3", true).name());
        assertEquals("imagenet", Normalization.defaultFor("inception-v3", false).name());
        assertEquals("imagenet", Normalization.defaultFor("resnet50", true).name());
        assertThrows(IllegalArgumentException.class, () -> Normalization.parse("caffe"));
    }
}
