package dev.cvpipe.train;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Pixel normalisation {@code y = x * scale[c] + offset[c]}, done inside the graph on uint8 input:
 * feeding bytes and casting in TF is measured faster than a Java float loop (notes/tensorflow-java.md).
 *
 * @param name {@code imagenet} (ImageNet mean/std) or {@code x3.2} (seed 003's x/255*3.2-1.6)
 */
public record Normalization(String name, float[] scale, float[] offset) {
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    public static Normalization parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "imagenet": {
                float[] sc = new float[3], of = new float[3];
                for (int c = 0; c < 3; c++) {
                    sc[c] = (float) (1 / (255.0 * STD[c]));
                    of[c] = (float) (-MEAN[c] / STD[c]);
                }
                return new Normalization("imagenet", sc, of);
            }
            case "x3.2":
                return new Normalization("x3.2", new float[] {3.2f / 255, 3.2f / 255, 3.2f / 255}, new float[] {-1.6f, -1.6f, -1.6f});
            default:
                throw new IllegalArgumentException("--normalize must be imagenet or x3.2, got '" + s + "'");
        }
    }

    /** uint8 NHWC in, normalised float32 NHWC out. */
    public Operand<TFloat32> apply(Ops tf, Operand<TUint8> images) {
        Operand<TFloat32> x = tf.dtypes.cast(images, TFloat32.class);
        x = tf.math.mul(x, tf.constant(Shape.of(3), DataBuffers.of(scale, true, false)));
        return tf.math.add(x, tf.constant(Shape.of(3), DataBuffers.of(offset, true, false)));
    }
}
