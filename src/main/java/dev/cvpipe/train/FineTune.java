package dev.cvpipe.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the backbone (see {@code ModelSpec.backboneLayers()}) trains when fine-tuning pretrained
 * weights: frozen for the first {@code freezeEpochs} epochs (only the head learns, the backbone's
 * BN runs in inference mode so its moving statistics stay those of the file), then at
 * {@code lr x backboneLrMult} while the head trains at {@code lr}.
 */
public record FineTune(int freezeEpochs, double backboneLrMult) {
    public static final FineTune NONE = new FineTune(0, 1);

    public FineTune {
        if (freezeEpochs < 0) throw new IllegalArgumentException("--freeze-backbone must be a number of epochs >= 0");
        if (!(backboneLrMult >= 0) || Double.isInfinite(backboneLrMult)) {
            throw new IllegalArgumentException("--backbone-lr-mult must be a number >= 0, got " + backboneLrMult);
        }
    }

    /** Whether backbone and head need separate optimizer groups. */
    public boolean grouped() {
        return freezeEpochs > 0 || backboneLrMult != 1;
    }

    /** Whether epoch {@code epoch} (0-based) trains the head only. */
    public boolean frozen(int epoch) {
        return epoch < freezeEpochs;
    }

    /** config.json's record of it (training block). */
    public Map<String, Object> configEntries() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("freeze_backbone", freezeEpochs);
        m.put("backbone_lr_mult", backboneLrMult);
        return m;
    }

    /** What a run recorded in config.json; runs from before these options record neither (no fine-tuning). */
    public static FineTune recorded(Map<String, Object> training) {
        if (training == null) return NONE;
        Object f = training.get("freeze_backbone"), m = training.get("backbone_lr_mult");
        return new FineTune(f instanceof Number n ? n.intValue() : 0, m instanceof Number n ? n.doubleValue() : 1);
    }
}
