package dev.cvpipe.model;

import java.util.List;

/** One layer's output without the batch: channels, height, width (written C×H×W, as darknet prints it). */
public record Shape3(int c, int h, int w) {
    public Shape3 {
        if (c <= 0 || h <= 0 || w <= 0) throw new IllegalArgumentException("empty output " + c + "×" + h + "×" + w);
    }

    public long size() {
        return (long) c * h * w;
    }

    public List<Integer> asList() {
        return List.of(c, h, w);
    }

    @Override
    public String toString() {
        return c + "×" + h + "×" + w;
    }
}
