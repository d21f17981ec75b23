package dev.cvpipe.train;

import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * {@code --device}: cpu always works; gpu must really place an op on a GPU, never fall back
 * silently to the CPU (soft placement off, so TensorFlow refuses instead).
 */
public final class DeviceCheck {
    public static final String NO_GPU = "--device gpu: no usable GPU; this needs the CUDA build of cvpipe "
            + "(mvn -Pgpu package) on a machine with an NVIDIA GPU and CUDA";

    private DeviceCheck() {}

    public static void require(String device) {
        switch (device.toLowerCase(Locale.ROOT)) {
            case "cpu":
                return;
            case "gpu":
                if (!gpuUsable()) throw new IllegalStateException(NO_GPU);
                return;
            default:
                throw new IllegalArgumentException("--device must be cpu or gpu, got '" + device + "'");
        }
    }

    /** Whether an op really runs on GPU 0 (the -Pgpu build with CUDA and a GPU). */
    public static boolean gpuUsable() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g).withDevice(org.tensorflow.DeviceSpec.newBuilder()
                    .deviceType(org.tensorflow.DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            var y = tf.math.add(tf.constant(1f), tf.constant(1f));
            try (Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build());
                 org.tensorflow.Result r = s.runner().fetch(y).run()) {
                return r.size() == 1;
            }
        } catch (RuntimeException e) {
            return false;
        }
    }
}
