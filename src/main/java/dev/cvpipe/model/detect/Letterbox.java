package dev.cvpipe.model.detect;

import dev.cvpipe.image.RgbImage;

/**
 * Darknet's letterbox: scale the image to fit the network input keeping its aspect ratio (integer
 * sizes as darknet computes them), centre it on grey 0.5 (127.5/255, darknet's fill), and map boxes
 * predicted on the network input back to the original image's pixels.
 */
public record Letterbox(int imageWidth, int imageHeight, int netWidth, int netHeight, int newWidth, int newHeight) {
    public static Letterbox of(int imageWidth, int imageHeight, int netWidth, int netHeight) {
        int nw, nh;
        if ((float) netWidth / imageWidth < (float) netHeight / imageHeight) {
            nw = netWidth;
            nh = imageHeight * netWidth / imageWidth;
        } else {
            nh = netHeight;
            nw = imageWidth * netHeight / imageHeight;
        }
        return new Letterbox(imageWidth, imageHeight, netWidth, netHeight, Math.max(1, nw), Math.max(1, nh));
    }

    public int dx() {
        return (netWidth - newWidth) / 2;
    }

    public int dy() {
        return (netHeight - newHeight) / 2;
    }

    /**
     * Writes the letterboxed image as floats in [0, 1], NHWC, at {@code offset} of {@code out}.
     * The resize is darknet's resize_image: bilinear with the corners aligned, rows first then columns.
     */
    public void fill(RgbImage img, float[] out, int offset) {
        int w = img.width(), h = img.height();
        float[] src = new float[w * h * 3];
        byte[] px = img.pixels();
        for (int i = 0; i < src.length; i++) src[i] = (px[i] & 0xff) / 255f;
        // horizontal pass: w -> newWidth, h rows
        float[] part = new float[newWidth * h * 3];
        float ws = newWidth == 1 ? 0 : (float) (w - 1) / (newWidth - 1);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < newWidth; c++) {
                for (int k = 0; k < 3; k++) {
                    float v;
                    if (c == newWidth - 1 || w == 1) {
                        v = src[(r * w + w - 1) * 3 + k];
                    } else {
                        float sx = c * ws;
                        int ix = (int) sx;
                        float d = sx - ix;
                        v = (1 - d) * src[(r * w + ix) * 3 + k] + d * src[(r * w + ix + 1) * 3 + k];
                    }
                    part[(r * newWidth + c) * 3 + k] = v;
                }
            }
        }
        // vertical pass, as darknet: start from row sy's value, add the share of the next row
        float hs = newHeight == 1 ? 0 : (float) (h - 1) / (newHeight - 1);
        for (int i = 0; i < netWidth * netHeight * 3; i++) out[offset + i] = 0.5f;
        for (int r = 0; r < newHeight; r++) {
            float sy = r * hs;
            int iy = (int) sy;
            float d = sy - iy;
            for (int c = 0; c < newWidth; c++) {
                for (int k = 0; k < 3; k++) {
                    float v = (1 - d) * part[(iy * newWidth + c) * 3 + k];
                    if (r != newHeight - 1 && h != 1) v += d * part[((iy + 1) * newWidth + c) * 3 + k];
                    out[offset + ((r + dy()) * netWidth + c + dx()) * 3 + k] = v;
                }
            }
        }
    }

    /** A box relative to the network input (centre and size in 0..1) in original image pixels, clipped to the image. */
    public Box toImage(float cx, float cy, float w, float h) {
        float x = (cx - (netWidth - newWidth) / 2f / netWidth) / ((float) newWidth / netWidth);
        float y = (cy - (netHeight - newHeight) / 2f / netHeight) / ((float) newHeight / netHeight);
        float bw = w * netWidth / newWidth, bh = h * netHeight / newHeight;
        return Box.ofCenter(x * imageWidth, y * imageHeight, bw * imageWidth, bh * imageHeight).clip(imageWidth, imageHeight);
    }
}
