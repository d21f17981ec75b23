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
 * config.json records name, scale and offset, so predict, eval and export feed a run exactly as
 * training did. Pretrained weights only work with the normalisation they were learnt with:
 * <ul>
 *   <li>{@code imagenet}: (x/255 - mean) / std with ImageNet's mean (0.485, 0.456, 0.406) and std
 *       (0.229, 0.224, 0.225): torchvision's and smp's ResNets, timm's {@code .tv_in1k} models;</li>
 *   <li>{@code inception}: x/127.5 - 1, what torchvision's pretrained inception-v3 computes with
 *       {@code transform_input=True} and timm's mean = std = 0.5;</li>
 *   <li>{@code unit}: x/255, darknet's input (its {@code .weights} files);</li>
 *   <li>{@code x3.2}: x/255*3.2 - 1.6 (seed 003's recipe).</li>
 * </ul>
 */
public record Normalization(String name, float[] scale, float[] offset) {
    public static final String NAMES = "imagenet, inception, unit or x3.2";
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
            case "inception":
                return uniform("inception", 1 / 127.5, -1);
            case "unit":
                return uniform("unit", 1 / 255.0, 0);
            case "x3.2":
                return new Normalization("x3.2", new float[] {3.2f / 255, 3.2f / 255, 3.2f / 255}, new float[] {-1.6f, -1.6f, -1.6f});
            default:
                throw new IllegalArgumentException("--normalize must be " + NAMES + ", got '" + s + "'");
        }
    }

    /**
     * The preset when --normalize is not given: {@code inception} for inception-v3 started from
     * pretrained weights (torchvision's and timm's inception files expect it), else {@code imagenet}.
     */
    public static Normalization defaultFor(String model, boolean pretrained) {
        return parse(pretrained && model.equalsIgnoreCase("inception-v3") ? "inception" : "imagenet");
    }

    private static Normalization uniform(String name, double scale, double offset) {
        float s = (float) scale, o = (float) offset;
        return new Normalization(name, new float[] {s, s, s}, new float[] {o, o, o});
    }

    /** uint8 NHWC in, normalised float32 NHWC out. */
    public Operand<TFloat32> apply(Ops tf, Operand<TUint8> images) {
        Operand<TFloat32> x = tf.dtypes.cast(images, TFloat32.class);
        x = tf.math.mul(x, tf.constant(Shape.of(3), DataBuffers.of(scale, true, false)));
        return tf.math.add(x, tf.constant(Shape.of(3), DataBuffers.of(offset, true, false)));
    }
}
