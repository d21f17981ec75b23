package dev.cvpipe.model.detect;

import dev.cvpipe.model.layers.YoloLayer;
import java.util.List;

/**
 * Turns one [yolo] head's raw output (NHWC, one image) into detections, as darknet's
 * forward_yolo_layer + get_yolo_detections do: x, y = (cell + σ(t)·s − (s−1)/2) / grid with
 * s = scale_x_y; w, h = e^t · anchor / network size (new_coords: (2·t)² · anchor, the conv already
 * applied the logistic); score = objectness × class probability, kept when both exceed {@code threshold}.
 */
public final class YoloDecoder {
    private YoloDecoder() {}

    static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    /**
     * @param out the head output of one image, [gridH][gridW][anchors·(5 + classes)] row-major
     * @param box maps a centre/size relative to the network input to image pixels
     */
    public static void decode(float[] out, int offset, int gridH, int gridW, YoloLayer yolo, int netW, int netH,
                              float threshold, Letterbox box, List<Detection> into) {
        int per = yolo.classes() + 5;
        int channels = yolo.anchorCount() * per;
        float s = yolo.scaleXY();
        boolean raw = !yolo.newCoords();
        for (int j = 0; j < gridH; j++) {
            for (int i = 0; i < gridW; i++) {
                int cell = offset + (j * gridW + i) * channels;
                for (int n = 0; n < yolo.anchorCount(); n++) {
                    int e = cell + n * per;
                    float obj = raw ? sigmoid(out[e + 4]) : out[e + 4];
                    if (!(obj > threshold)) continue;
                    float tx = raw ? sigmoid(out[e]) : out[e];
                    float ty = raw ? sigmoid(out[e + 1]) : out[e + 1];
                    float x = (i + tx * s - 0.5f * (s - 1)) / gridW;
                    float y = (j + ty * s - 0.5f * (s - 1)) / gridH;
                    float w, h;
                    if (raw) {
                        w = (float) Math.exp(out[e + 2]) * yolo.anchors()[2 * n] / netW;
                        h = (float) Math.exp(out[e + 3]) * yolo.anchors()[2 * n + 1] / netH;
                    } else {
                        w = out[e + 2] * out[e + 2] * 4 * yolo.anchors()[2 * n] / netW;
                        h = out[e + 3] * out[e + 3] * 4 * yolo.anchors()[2 * n + 1] / netH;
                    }
                    Box b = box.toImage(x, y, w, h);
                    for (int c = 0; c < yolo.classes(); c++) {
                        float p = obj * (raw ? sigmoid(out[e + 5 + c]) : out[e + 5 + c]);
                        if (p > threshold) into.add(new Detection(c, p, b));
                    }
                }
            }
        }
    }
}
