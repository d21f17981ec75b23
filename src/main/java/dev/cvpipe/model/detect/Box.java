package dev.cvpipe.model.detect;

/** An axis-aligned box by its corners (x1 ≤ x2, y1 ≤ y2). */
public record Box(float x1, float y1, float x2, float y2) {
    /** From a centre and size, as yolo predicts them. */
    public static Box ofCenter(float cx, float cy, float w, float h) {
        return new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }

    public float area() {
        return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    }

    /** Intersection over union; 0 when both are empty. */
    public float iou(Box o) {
        float iw = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        float ih = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (iw <= 0 || ih <= 0) return 0;
        float inter = iw * ih;
        float union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    public Box clip(float width, float height) {
        return new Box(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
    }

    private static float clamp(float v, float max) {
        return Math.max(0, Math.min(max, v));
    }
}
