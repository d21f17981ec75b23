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
    void unetSmallCountByHand() {
        // conv3x3-BN (no bias) = 9*cin*cout + 2*cout. Encoder 3-16-16 | 16-32-32 | 32-64-64, bottleneck 64-128-128:
        // 464+2336 + 4672+9280 + 18560+36992 + 73984+147712 = 294000. Decoder (concat skip) 192-64-64 | 96-32-32 |
        // 48-16-16: 110720+36992 + 27712+9280 + 6944+2336 = 193984. Head 3x3 16->1 with bias: 145.
        assertEquals(294_000 + 193_984 + 145, params("unet-small", ModelConfig.of(1, 64, 64)));
    }

    @Test
    void darknet53MatchesDarknet() {
        // 1000-class darknet53.cfg: every conv BN (2 per filter) except the bias-only 1×1 head
        assertEquals(41_609_928, params("darknet53", ModelConfig.of(1000, 256, 256)));
    }
}
