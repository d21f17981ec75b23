package dev.cvpipe.model.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvpipe.image.RgbImage;
import dev.cvpipe.model.layers.YoloLayer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IoU, NMS, letterbox and yolo decoding against values worked out by hand in the comments. */
class DetectMathTest {
    @Test
    void iou() {
        Box a = new Box(0, 0, 10, 10);
        assertEquals(1f, a.iou(a));
        assertEquals(90f / 110f, a.iou(new Box(1, 0, 11, 10)), 1e-6);   // overlap 9×10, union 100+100−90
        assertEquals(50f / 150f, a.iou(new Box(5, 0, 15, 10)), 1e-6);
        assertEquals(0f, a.iou(new Box(10, 0, 20, 10)), "touching edges do not overlap");
    }

    @Test
    void nmsIsGreedyPerClass() {
        Detection a = new Detection(0, .9f, new Box(0, 0, 10, 10));
        Detection b = new Detection(0, .8f, new Box(1, 0, 11, 10));   // IoU with a 0.818 > 0.45: dropped
        Detection e = new Detection(0, .85f, new Box(5, 0, 15, 10));  // IoU with a 0.333: kept
        Detection c = new Detection(0, .7f, new Box(20, 20, 30, 30));
        Detection d = new Detection(1, .6f, new Box(1, 0, 11, 10));   // another class: never compared with a
        assertEquals(List.of(a, e, c, d), Nms.apply(List.of(b, a, c, d, e), 0.45f));
        assertEquals(List.of(a, e, b, c, d), Nms.apply(List.of(b, a, c, d, e), 0.9f));
    }

    @Test
    void letterboxSizesAndMapsBack() {
        Letterbox lb = Letterbox.of(64, 32, 32, 32);   // 64×32 into 32×32: 32×16, 8 rows of grey above and below
        assertEquals(32, lb.newWidth());
        assertEquals(16, lb.newHeight());
        assertEquals(0, lb.dx());
        assertEquals(8, lb.dy());
        // centre (0.5, 0.5) size (0.5, 0.25) of the input: x = 0.5, y = (0.5 − 0.25)/0.5 = 0.5, w = 0.5, h = 0.25·32/16 = 0.5
        assertEquals(new Box(16, 8, 48, 24), lb.toImage(0.5f, 0.5f, 0.5f, 0.25f));
        assertEquals(new Box(0, 0, 32, 16), lb.toImage(0.25f, 0.25f, 0.5f, 0.5f), "clipped at the top");
        assertEquals(Letterbox.of(300, 200, 416, 416).newHeight(), 200 * 416 / 300);
    }

    @Test
    void letterboxFillIsDarknetsAlignedCornersResizeOnGrey() {
        // 2×1 image, grey levels 0 and 255, into 4×4: 4×2 centred (dy = 1); columns 0, 1/3, 2/3, 1
        RgbImage img = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        float[] out = new float[4 * 4 * 3];
        Letterbox.of(2, 1, 4, 4).fill(img, out, 0);
        float[] row = new float[4];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) row[c] = out[(r * 4 + c) * 3];
            float[] want = r == 0 || r == 3 ? new float[] {.5f, .5f, .5f, .5f} : new float[] {0, 1 / 3f, 2 / 3f, 1};
            assertArrayEquals(want, row, 1e-6f, "row " + r);
        }
    }

    @Test
    void decodesAYoloCell() {
        // 2×2 grid, one anchor 8×16 on a 32×32 input, 2 classes: 7 channels per cell
        YoloLayer yolo = new YoloLayer(2, new float[] {8, 16}, 1f, false);
        float[] out = new float[2 * 2 * 7];
        for (int cell = 0; cell < 4; cell++) out[cell * 7 + 4] = -20;          // no object
        int e = (1 * 2 + 0) * 7;                                               // row 1, column 0
        out[e + 2] = (float) Math.log(2);                                      // w = 2·8/32 = 0.5
        out[e + 4] = 20;                                                       // objectness σ(20) = 1.0f
        out[e + 6] = -20;                                                      // class 0: σ(0) = 0.5; class 1 ≈ 0
        List<Detection> found = new ArrayList<>();
        YoloDecoder.decode(out, 0, 2, 2, yolo, 32, 32, 0.25f, Letterbox.of(32, 32, 32, 32), found);
        // x = (0 + 0.5)/2 = 0.25 -> 8 px, y = (1 + 0.5)/2 = 0.75 -> 24 px, w = 16 px, h = 16/32 -> 16 px
        assertEquals(List.of(new Detection(0, 0.5f, new Box(0, 16, 16, 32))), found);

        // scale_x_y = 2 with σ(tx) = 0.75: x = (0 + 0.75·2 − 0.5)/2 = 0.5 -> 16 px
        out[e] = (float) Math.log(3);
        found.clear();
        YoloDecoder.decode(out, 0, 2, 2, new YoloLayer(2, new float[] {8, 16}, 2f, false), 32, 32, 0.25f, Letterbox.of(32, 32, 32, 32), found);
        assertEquals(new Box(8, 16, 24, 32), found.get(0).box());
    }
}
