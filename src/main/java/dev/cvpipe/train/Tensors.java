package dev.cvpipe.train;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** Small conversions between Java arrays and tensors, shared by training and prediction. */
public final class Tensors {
    private Tensors() {}

    /** {@code n} images of {@code h x w x 3} bytes from the front of {@code pixels}, without a copy. */
    public static TUint8 images(byte[] pixels, int n, int h, int w) {
        long len = (long) n * h * w * 3;
        return TUint8.tensorOf(Shape.of(n, h, w, 3), DataBuffers.of(pixels, true, false).narrow(len));
    }

    public static float[] floats(TFloat32 t) {
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
