package dev.cvpipe.train;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.Network;
import dev.cvpipe.model.weights.Pretrained;
import dev.cvpipe.model.weights.TorchMapping;
import dev.cvpipe.model.weights.WeightFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * A trained run's weights as a PyTorch state_dict under torchvision / smp names ({@code .pth} zip
 * or {@code .safetensors}): what {@code torchvision.models.resnet50(num_classes=N)} or
 * {@code smp.Unet('resnet34', classes=N)} load with strict {@code load_state_dict}. inception-v3
 * runs train without the aux head, so they load into {@code inception_v3(aux_logits=False)}.
 * BN {@code num_batches_tracked} is written as 0. The pixels the network expects are the run's
 * {@code normalize} (config.json), which a state_dict cannot carry.
 */
public final class TorchExport {
    private TorchExport() {}

    /** Writes checkpoint {@code which} (best, last or swa) of {@code runDir} to {@code file}; returns the run's config. */
    public static RunConfig export(Path runDir, String which, Path file, WeightFiles.Format format) throws IOException {
        RunConfig c = RunConfig.read(runDir);
        String prefix = new Checkpoints(runDir).prefix(which)
                .orElseThrow(() -> new IOException(runDir + ": no '" + which + "' checkpoint"));
        ModelConfig mc = new ModelConfig(c.classes(), c.height(), c.width(), 3, false, c.seed());
        if (!TorchMapping.hasTorchNames(Models.spec(c.model(), mc))) {
            throw new IllegalArgumentException(c.model() + " has no torchvision / smp counterpart: export it as a SavedModel");
        }
        try (Graph g = new Graph()) {
            Network net = Models.create(Ops.create(g), c.model(), mc);
            try (Session s = new Session(g)) {
                s.restore(prefix);
                Pretrained.export(s, net, file, format);
            }
        }
        return c;
    }
}
