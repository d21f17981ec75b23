package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;

/**
 * Darknet's [yolo] head: the graph passes the conv output through unchanged; what it means is
 * kept here for decoding: classes, the (w, h) pixel anchors this head uses (selected by {@code mask}),
 * {@code scale_x_y} and whether the cfg uses {@code new_coords}.
 */
public record YoloLayer(int classes, float[] anchors, float scaleXY, boolean newCoords) implements Layer {
    public int anchorCount() {
        return anchors.length / 2;
    }

    @Override
    public String type() {
        return "yolo";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        Shape3 s = Layer.single("yolo", in);
        int want = anchorCount() * (classes + 5);
        if (s.c() != want) {
            throw new IllegalArgumentException("input has " + s.c() + " channels but " + anchorCount() + " anchors × (classes "
                    + classes + " + 5) = " + want + " (filters= of the conv before it)");
        }
        return s;
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, x) -> f.tf().identity(x.get(0));
    }
}
