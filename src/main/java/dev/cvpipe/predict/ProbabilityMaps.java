package dev.cvpipe.predict;

/** Per-pixel probability maps, {@code h x w x c} floats row-major: mirror and resize. */
final class ProbabilityMaps {
    private ProbabilityMaps() {}

    static float[] flipHorizontal(float[] m, int h, int w, int c) {
        float[] out = new float[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) System.arraycopy(m, (y * w + x) * c, out, (y * w + w - 1 - x) * c, c);
        }
        return out;
    }

    static float[] flipVertical(float[] m, int h, int w, int c) {
        float[] out = new float[m.length];
        for (int y = 0; y < h; y++) System.arraycopy(m, y * w * c, out, (h - 1 - y) * w * c, w * c);
        return out;
    }

    /**
     * Bilinear resize with half-pixel centres and edge clamping, no antialiasing: OpenCV's
     * INTER_LINEAR and TensorFlow's {@code resize_bilinear(half_pixel_centers=True)}.
     */
    static float[] resize(float[] m, int h, int w, int c, int dh, int dw) {
        if (h == dh && w == dw) return m;
        float[] out = new float[dh * dw * c];
        for (int y = 0; y < dh; y++) {
            double fy = Math.max((y + 0.5) * h / dh - 0.5, 0);
            int y0 = Math.min((int) fy, h - 1), y1 = Math.min(y0 + 1, h - 1);
            float ay = (float) (fy - y0);
            for (int x = 0; x < dw; x++) {
                double fx = Math.max((x + 0.5) * w / dw - 0.5, 0);
                int x0 = Math.min((int) fx, w - 1), x1 = Math.min(x0 + 1, w - 1);
                float ax = (float) (fx - x0);
                for (int k = 0; k < c; k++) {
                    float top = m[(y0 * w + x0) * c + k] * (1 - ax) + m[(y0 * w + x1) * c + k] * ax;
                    float bot = m[(y1 * w + x0) * c + k] * (1 - ax) + m[(y1 * w + x1) * c + k] * ax;
                    out[(y * dw + x) * c + k] = top * (1 - ay) + bot * ay;
                }
            }
        }
        return out;
    }
}
