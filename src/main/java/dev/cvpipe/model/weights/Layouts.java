package dev.cvpipe.model.weights;

/**
 * Moves weights between PyTorch's layouts and cvpipe's: conv kernels OIHW (PyTorch, darknet) and
 * HWIO (TensorFlow), linear weights [out, in] and [in, out].
 */
public final class Layouts {
    private Layouts() {}

    public static float[] oihwToHwio(float[] w, int o, int i, int kh, int kw) {
        return convLayout(w, o, i, kh, kw, true);
    }

    public static float[] hwioToOihw(float[] w, int o, int i, int kh, int kw) {
        return convLayout(w, o, i, kh, kw, false);
    }

    private static float[] convLayout(float[] w, int o, int i, int kh, int kw, boolean toHwio) {
        float[] out = new float[w.length];
        for (int a = 0; a < o; a++)
            for (int b = 0; b < i; b++)
                for (int y = 0; y < kh; y++)
                    for (int x = 0; x < kw; x++) {
                        int oihw = ((a * i + b) * kh + y) * kw + x, hwio = ((y * kw + x) * i + b) * o + a;
                        if (toHwio) out[hwio] = w[oihw];
                        else out[oihw] = w[hwio];
                    }
        return out;
    }

    /** A row-major [rows, cols] matrix as [cols, rows]. */
    public static float[] transpose(float[] m, int rows, int cols) {
        float[] out = new float[m.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c];
        return out;
    }
}
