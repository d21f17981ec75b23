package dev.cvpipe.model.weights;

import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.darknet.DarknetWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Pretrained weights into a {@link Network} and back out. The entry points:
 * <ul>
 *   <li>{@link #plan} — the mapping a file would get (no TensorFlow), for {@code cvpipe model import};</li>
 *   <li>{@link #load} — reads the file (PyTorch zip or legacy .pth, .safetensors, or darknet .weights for
 *       darknet53, found from the bytes) and assigns every matched variable in one session run, after
 *       {@code session.initialize()}: unmatched head variables keep their fresh values;</li>
 *   <li>{@link #stateDict} / {@link #export} — the network's weights under torchvision / smp names,
 *       written as .safetensors or a .pth that PyTorch's strict {@code load_state_dict} accepts.</li>
 * </ul>
 * Errors are one-line IOExceptions / IllegalArgumentExceptions naming the file and the tensor.
 */
public final class Pretrained {
    private Pretrained() {}

    /** The mapping {@code file} gets into {@code spec}, without loading anything. */
    public static ImportReport plan(Path file, ModelSpec spec) throws IOException {
        return prepare(file, spec).report();
    }

    /** Loads {@code file} into {@code net} (initialise the session first); returns what was loaded. */
    public static ImportReport load(Path file, Session session, Network net) throws IOException {
        long t0 = System.nanoTime();
        Prepared p = prepare(file, net.spec());
        long t1 = System.nanoTime();
        if (p.darknet) {
            DarknetWeights.load(file, session, net, true);
        } else {
            Map<Variable<TFloat32>, float[]> values = new LinkedHashMap<>();
            for (var e : p.plan.load().entrySet()) {
                TorchMapping.Slot s = e.getKey();
                values.put(net.layerVariables(s.layer()).get(s.var()), s.toCvpipe(e.getValue().values()));
            }
            net.assignAll(session, values);
        }
        dev.cvpipe.report.Log.debug("%s: read and matched in %.2f s, assigned in %.2f s", file.getFileName(), (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9);
        return p.report();
    }

    private record Prepared(ImportReport report, TorchMapping.Plan plan, boolean darknet) {}

    private static Prepared prepare(Path file, ModelSpec spec) throws IOException {
        WeightFiles.Format format = WeightFiles.detect(file);
        String sha = sha256(file);
        String name = file.getFileName().toString();
        if (format == WeightFiles.Format.DARKNET) {
            if (TorchMapping.hasTorchNames(spec)) {
                throw new IOException(file + ": a darknet .weights file fits darknet53 (or a darknet .cfg), not " + spec.name());
            }
            DarknetWeights.Coverage c = DarknetWeights.coverage(file, spec, true);
            List<TorchMapping.Row> rows = new ArrayList<>();
            int loaded = 0, reinit = 0, layer = 0;
            for (ModelSpec.Node n : spec.nodes()) {
                long params = n.params();
                if (params == 0) continue;
                boolean in = layer++ < c.layersLoaded();
                String label = String.format(Locale.ROOT, "layer %d (%s)", n.index(), n.layer().type());
                String variable = String.format(Locale.ROOT, "L%03d_%s/*", n.index(), n.layer().type());
                rows.add(new TorchMapping.Row(label, Long.toString(params), variable,
                        in ? TorchMapping.Status.LOADED : TorchMapping.Status.REINITIALISED, in ? "" : "not in the file (or sized for other classes)"));
                if (in) loaded++;
                else reinit++;
            }
            return new Prepared(new ImportReport(name, format.label(), sha, rows, loaded, reinit, 0), null, true);
        }
        Map<String, Tensor> tensors = WeightFiles.read(file);
        TorchMapping.Plan plan = TorchMapping.plan(spec, tensors, file.toString());
        return new Prepared(new ImportReport(name, format.label(), sha, plan.rows(), plan.loaded(), plan.reinitialised(), plan.unused()),
                plan, false);
    }

    /** The network's weights by torchvision / smp name, PyTorch layouts, BN num_batches_tracked = 0. */
    public static Map<String, Tensor> stateDict(Session session, Network net) {
        List<TorchMapping.Slot> slots = TorchMapping.slots(net.spec());
        List<Variable<TFloat32>> vars = new ArrayList<>();
        for (TorchMapping.Slot s : slots) vars.add(net.layerVariables(s.layer()).get(s.var()));
        return TorchMapping.stateDict(slots, Network.valuesAll(session, vars));
    }

    /** Writes the network's weights to {@code file} as PTH (zip) or SAFETENSORS, atomically. */
    public static void export(Session session, Network net, Path file, WeightFiles.Format format) throws IOException {
        WeightFiles.write(stateDict(session, net), file, format);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
