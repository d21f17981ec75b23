package dev.cvpipe.model;

import dev.cvpipe.model.darknet.DarknetCfg;
import dev.cvpipe.report.Json;
import dev.cvpipe.report.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The layer table of a built-in model or a darknet .cfg, computed without TensorFlow: rows of
 * index, type, output C×H×W, params, BFLOPs and the layers read; totals as darknet prints them.
 */
public final class ModelSummary {
    private ModelSummary() {}

    /** A built-in name or a path ending in .cfg; {@code height}/{@code width} ≤ 0 keep the model's own input. */
    public static ModelSpec spec(String model, int height, int width, Integer classes, boolean aux) throws IOException {
        if (model.toLowerCase(Locale.ROOT).endsWith(".cfg")) {
            if (classes != null) throw new IllegalArgumentException("--classes does not apply to a .cfg: its [yolo]/[region] classes and the filters before them decide");
            return DarknetCfg.read(Path.of(model), height, width);
        }
        int side = Models.defaultInput(model);
        int c = classes != null ? classes : model.toLowerCase(Locale.ROOT).startsWith("unet") ? 1 : 1000;
        ModelConfig cfg = new ModelConfig(c, height > 0 ? height : side, width > 0 ? width : side, 3, aux, 0);
        return Models.spec(model, cfg);
    }

    public static Table table(ModelSpec spec) {
        Table t = new Table("layer", "type", "output", "params", "bflops", "from").decimals(3);
        for (LayerInfo r : spec.summary()) {
            t.add(r.index(), r.type(), r.output().toString(), r.params(), r.bflops(), from(r.from()));
        }
        return t;
    }

    private static String from(List<Integer> from) {
        if (from.isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        for (int i : from) sb.append(sb.length() == 0 ? "" : ",").append(i);
        return sb.toString();
    }

    /** The three total lines under the text table. */
    public static String totals(ModelSpec spec) {
        return String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nTotal BFLOPS %.3f%n",
                spec.params(), spec.trainableParams(), spec.bflops());
    }

    /** BFLOPS rounded as darknet prints them (%.3f). */
    public static double roundedBflops(double bflops) {
        return Math.round(bflops * 1000) / 1000.0;
    }

    /** {"model", "input": [H, W, C], "params", "trainable_params", "bflops", "layers": [...]}. */
    public static String json(ModelSpec spec) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", spec.name());
        root.put("input", List.of(spec.input().h(), spec.input().w(), spec.input().c()));
        root.put("params", spec.params());
        root.put("trainable_params", spec.trainableParams());
        root.put("bflops", roundedBflops(spec.bflops()));
        List<Map<String, Object>> layers = new ArrayList<>();
        for (LayerInfo r : spec.summary()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.index());
            m.put("type", r.type());
            m.put("output", r.output().asList());
            m.put("params", r.params());
            m.put("bflops", Math.round(r.bflops() * 1e6) / 1e6);
            m.put("from", r.from());
            layers.add(m);
        }
        root.put("layers", layers);
        return Json.write(root);
    }
}
