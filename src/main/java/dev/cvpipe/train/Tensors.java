package dev.cvpipe.train;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
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

    /**
     * Session options: {@code threads} intra-op threads; inter-op 1 when single-threaded (the
     * deterministic setting), else 2. 0 threads = TensorFlow's default (all cores).
     *
     * <p>TensorFlow otherwise sizes its thread pools once per process, by the first session: a
     * {@code --threads 1} run after another session in the same JVM ({@code cvpipe run}, the
     * tests) would silently run on that session's pools and lose its determinism. So a session
     * with a thread count gets its own inter-op pool here, and its own intra-op pool when
     * {@code TF_OVERRIDE_GLOBAL_THREADPOOL=1} is set before the JVM starts (bin/cvpipe and the
     * test setup set it).
     */
    public static ConfigProto sessionConfig(int threads) {
        ConfigProto.Builder b = ConfigProto.newBuilder();
        if (threads > 0) {
            b.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads == 1 ? 1 : 2).setUsePerSessionThreads(true);
        }
        return b.build();
    }
}
