package dev.cvpipe.model.darknet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.model.ModelConfig;
import dev.cvpipe.model.ModelSpec;
import dev.cvpipe.model.Models;
import dev.cvpipe.model.Shape3;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The .cfg parser against darknet's own log for yolov3 and yolov3-tiny, and its error rules. */
class DarknetCfgTest {
    static final Path DIR = Path.of("test-data/darknet");

    @Test
    void yolov3MatchesDarknetsLog() throws Exception {
        ModelSpec s = DarknetCfg.read(DIR.resolve("yolov3.cfg"));
        assertEquals(new Shape3(3, 416, 416), s.input());
        assertEquals(107, s.nodes().size());
        assertEquals(List.of(82, 94, 106), s.heads());
        assertEquals(new Shape3(255, 13, 13), s.nodes().get(82).output());
        assertEquals(new Shape3(255, 26, 26), s.nodes().get(94).output());
        assertEquals(new Shape3(255, 52, 52), s.nodes().get(106).output());
        ModelSpec.Node route = s.nodes().get(86);
        assertEquals("route", route.layer().type());
        assertEquals(List.of(85, 61), route.from());
        assertEquals(new Shape3(768, 26, 26), route.output());
        assertEquals(List.of(1), s.nodes().get(4).from(), "shortcut from=-3 at layer 4 adds layer 1");
        assertEquals(61_949_149, s.params());
        assertEquals("65.879", String.format("%.3f", s.bflops()));
        assertEquals(ModelSpec.Kind.DETECTOR, s.kind());
    }

    @Test
    void yolov3TinyMatchesDarknetsLog() throws Exception {
        ModelSpec s = DarknetCfg.read(DIR.resolve("yolov3-tiny.cfg"));
        assertEquals(24, s.nodes().size());
        // layer 11: maxpool size=2 stride=1, padding defaults to size-1 = 1, so 13×13 stays 13×13
        assertEquals(new Shape3(512, 13, 13), s.nodes().get(11).output());
        assertEquals(8_852_366, s.params());
        assertEquals("5.571", String.format("%.3f", s.bflops()));
    }

    @Test
    void yolov4TinyMatchesDarknetsLog() throws Exception {
        // route groups=2 group_id=1 halves channels; darknet's log for yolov4-tiny at 416 ends "Total BFLOPS 6.910"
        ModelSpec s = DarknetCfg.read(DIR.resolve("yolov4-tiny.cfg"));
        assertEquals(38, s.nodes().size());
        assertEquals(new Shape3(32, 104, 104), s.nodes().get(3).output());
        assertEquals(List.of(30, 37), s.heads());
        assertEquals("6.910", String.format("%.3f", s.bflops()));
    }

    @Test
    void inputOverrideRescalesEveryLayer() throws Exception {
        ModelSpec s = DarknetCfg.read(DIR.resolve("yolov3.cfg"), 608, 608);
        assertEquals(new Shape3(255, 19, 19), s.nodes().get(82).output());
        assertEquals(61_949_149, s.params(), "parameters do not depend on the input size");
    }

    @Test
    void darknet53CfgEqualsTheBuiltInDarknet53() throws Exception {
        ModelSpec cfg = DarknetCfg.read(DIR.resolve("darknet53.cfg"));
        ModelSpec builtIn = Models.spec("darknet53", ModelConfig.of(1000, 256, 256));
        assertEquals(builtIn.params(), cfg.params());
        assertEquals(builtIn.bflops(), cfg.bflops(), 1e-9);
        // the cfg adds a [softmax] after the built-in's last layer
        assertEquals(builtIn.nodes().size() + 1, cfg.nodes().size());
        for (int i = 0; i < builtIn.nodes().size(); i++) assertEquals(builtIn.nodes().get(i).output(), cfg.nodes().get(i).output(), "layer " + i);
    }

    static String error(String cfg) {
        return assertThrows(IllegalArgumentException.class, () -> DarknetCfg.build("t", CfgReader.parse("t.cfg", cfg), 0, 0)).getMessage();
    }

    static ModelSpec parse(String cfg) {
        return DarknetCfg.build("t", CfgReader.parse("t.cfg", cfg), 0, 0);
    }

    @Test
    void syntaxAliasesAndDefaults() {
        ModelSpec s = parse("""
                [network]
                width = 8
                height=8   # inline comment
                channels=3
                ; a comment line
                [conv]
                filters = 4 #2
                size=3
                pad=1
                [max]
                [avg]
                [conn]
                output=2
                [soft]
                """);
        assertEquals(List.of("conv", "max", "avg", "connected", "softmax"), s.nodes().stream().map(n -> n.layer().type()).toList());
        // conv without activation is logistic; filters=4 (the #2 is a comment); no BN -> bias
        assertEquals(3 * 3 * 3 * 4 + 4, s.nodes().get(0).params());
        // [max] with no keys: stride 1, size 1, padding 0 -> same size
        assertEquals(new Shape3(4, 8, 8), s.nodes().get(1).output());
        assertEquals(4 * 2 + 2, s.nodes().get(3).params());
    }

    @Test
    void routeGroupsTakeOneSliceOfEachInput() {
        ModelSpec s = parse("""
                [net]
                width=8
                height=8
                channels=3
                [convolutional]
                filters=64
                size=1
                activation=leaky
                [route]
                layers=-1
                groups=2
                group_id=1
                """);
        assertEquals(new Shape3(32, 8, 8), s.nodes().get(1).output());
    }

    @Test
    void errorsNameFileAndLine() {
        assertEquals("t.cfg:6: [convolutional] unknown or unsupported key 'fliters'", error("""
                [net]
                width=8
                height=8
                channels=3
                [convolutional]
                fliters=3
                """));
        assertEquals("t.cfg:5: [batchnorm] unknown or unsupported section [batchnorm]", error("""
                [net]
                width=8
                height=8
                channels=3
                [batchnorm]
                """));
        String e = error("""
                [net]
                width=8
                height=8
                channels=3
                [convolutional]
                filters=3
                activation=gelu
                """);
        assertTrue(e.startsWith("t.cfg:7: [convolutional] unsupported activation 'gelu'"), e);
        e = error("""
                [net]
                width=8
                height=8
                channels=3
                [route]
                layers=-2
                """);
        assertTrue(e.startsWith("t.cfg:6: [route] layer 0: layers refers to layer -2"), e);
        e = error("""
                [net]
                width=8
                height=8
                channels=3
                [convolutional]
                filters=20
                [yolo]
                mask=0,1,2
                classes=80
                """);
        assertTrue(e.startsWith("t.cfg:7: [yolo] layer 1: input has 20 channels but 3 anchors"), e);
        e = error("""
                [net]
                width=8
                height=8
                channels=3
                [maxpool]
                size=16
                stride=1
                padding=0
                """);
        assertTrue(e.startsWith("t.cfg:5: [maxpool] layer 0: maxpool 16 does not fit"), e);
        assertTrue(error("[net]\nwidth=8\nheight=8\nchannels=3\n[convolutional]\nfilters=x\n").startsWith("t.cfg:6: [convolutional] filters=x is not an integer"));
        assertTrue(error("width=8\n").startsWith("t.cfg:1: key=value before"));
        assertTrue(error("[convolutional]\n").startsWith("t.cfg:1: [convolutional] the first section must be [net]"));
    }
}
