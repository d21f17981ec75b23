// Times a ResNet-50 pretrained load phase by phase: wall and process CPU (all threads), so that a
// shared machine's load can be read out. Usage (after mvn package):
//   CP="target/classes:$(ls target/lib/*.jar | tr '\n' ':')"; javac -d /tmp/plb -cp "$CP" bench/PretrainedLoadBench.java
//   java -Xmx3g -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "/tmp/plb:$CP" PretrainedLoadBench resnet50-0676ba61.pth [prep]
// 'prep' creates the assign ops before the session's first run.
import dev.cvpipe.model.*;
import dev.cvpipe.model.weights.*;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;
import org.tensorflow.*;
import org.tensorflow.op.Ops;

public class PretrainedLoadBench {
    static ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    static long w0, c0, p0;
    static com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static void start() { w0 = System.nanoTime(); c0 = mx.getCurrentThreadCpuTime(); p0 = os.getProcessCpuTime(); }
    static void lap(String what) { System.out.printf("%-28s wall %6.2f s  cpu(process, all threads) %6.2f s%n", what, (System.nanoTime() - w0) / 1e9, (os.getProcessCpuTime() - p0) / 1e9); start(); }
    public static void main(String[] a) throws Exception {
        Path f = Path.of(a[0]);
        start();
        Pretrained.sha256(f); lap("sha256");
        Map<String, dev.cvpipe.model.weights.Tensor> t = WeightFiles.read(f); lap("read " + t.size() + " tensors");
        try (Graph g = new Graph()) {
            Network net = Models.create(Ops.create(g), "resnet50", new ModelConfig(10, 64, 64, 3, false, 0));
            if (a.length > 1) net.prepareAssign(net.variables());
            try (Session s = new Session(g)) {
                s.initialize(); lap("build + initialize");
                ImportReport r = Pretrained.load(f, s, net); lap("Pretrained.load (all)");
                Pretrained.load(f, s, net); lap("Pretrained.load again");
            }
        }
    }
}
