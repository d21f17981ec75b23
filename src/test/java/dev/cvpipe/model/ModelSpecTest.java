package dev.cvpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Parameter counts of the built-ins against torchvision / segmentation_models.pytorch. */
class ModelSpecTest {
    static long params(String name, ModelConfig cfg) {
        return Models.spec(name, cfg).params();
    }

    @Test
    void resnetCountsMatchTorchvision() {
        ModelConfig c = ModelConfig.of(1000, 224, 224);
        assertEquals(11_689_512, params("resnet18", c));
        assertEquals(21_797_672, params("resnet34", c));
        assertEquals(25_557_032, params("resnet50", c));
        assertEquals(44_549_160, params("resnet101", c));
    }

    @Test
    void inceptionCountsMatchTorchvision() {
        ModelConfig c = ModelConfig.of(1000, 299, 299);
        assertEquals(27_161_264, params("inception-v3", c));
        assertEquals(23_834_568, params("inception-v3", c.withAux(false)));
    }

    @Test
    void unetCountsMatchSmp() {
        ModelConfig c = ModelConfig.of(1, 256, 256);
        assertEquals(24_436_369, params("unet-resnet34", c));
        assertEquals(26_078_609, params("unetpp-resnet34", c));
    }

    @Test
    void darknet53MatchesDarknet() {
        // 1000-class darknet53.cfg: every conv BN (2 per filter) except the bias-only 1×1 head
        assertEquals(41_609_928, params("darknet53", ModelConfig.of(1000, 256, 256)));
    }
}
