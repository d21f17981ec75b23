package dev.cvpipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What --freeze-backbone freezes, as parameter counts: the model minus its head. Heads by hand:
 * a 1000-class fc on 512 features is 512*1000 + 1000 = 513,000; on 2048 features 2,049,000;
 * inception's AuxLogits 27,161,264 - 23,834,568 = 3,326,696 (ModelSpecTest's two counts).
 */
class BackboneTest {
    static long backboneParams(String name, ModelConfig cfg) {
        ModelSpec s = Models.spec(name, cfg);
        boolean[] b = s.backboneLayers();
        long p = 0;
        for (ModelSpec.Node n : s.nodes()) if (b[n.index()]) p += n.params();
        return p;
    }

    @Test
    void classifierBackboneIsAllButTheFc() {
        ModelConfig c = ModelConfig.of(1000, 224, 224);
        assertEquals(11_689_512 - 513_000, backboneParams("resnet18", c));
        assertEquals(25_557_032 - 2_049_000, backboneParams("resnet50", c));
        ModelConfig i = ModelConfig.of(1000, 299, 299);
        assertEquals(27_161_264 - 2_049_000 - 3_326_696, backboneParams("inception-v3", i), "fc and AuxLogits are head");
        assertEquals(27_161_264 - 2_049_000 - 3_326_696, backboneParams("inception-v3", i.withAux(false)));
        // darknet53's head is its 1x1 classifier conv with bias: 1024*1000 + 1000.
        assertEquals(Models.spec("darknet53", ModelConfig.of(1000, 256, 256)).params() - 1_025_000,
                backboneParams("darknet53", ModelConfig.of(1000, 256, 256)));
    }

    @Test
    void segmentationBackboneIsTheEncoder() {
        ModelConfig c = ModelConfig.of(1, 256, 256);
        // smp's resnet34 encoder is torchvision's resnet34 without its fc.
        assertEquals(21_797_672 - 513_000, backboneParams("unet-resnet34", c));
        assertEquals(21_797_672 - 513_000, backboneParams("unetpp-resnet34", c));
        // unet-small: encoder and bottleneck, 294,000 (ModelSpecTest's hand count).
        assertEquals(294_000, backboneParams("unet-small", ModelConfig.of(1, 64, 64)));
    }
}
