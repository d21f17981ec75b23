package dev.cvpipe.train;

import dev.cvpipe.image.RgbImage;

/**
 * How an image of any size becomes the network's input size: {@code squash} stretches it (the
 * seeds' {@code cv2.resize}), {@code short-side-crop} keeps the aspect ratio, scaling the short
 * side to fit and cutting the centre (torchvision's Resize + CenterCrop).
 */
public enum ResizeMode {
    SQUASH("squash"), SHORT_SIDE_CROP("short-side-crop");

    private final String cli;

    ResizeMode(String cli) {
        this.cli = cli;
    }

    public String cliName() {
        return cli;
    }

    public static ResizeMode parse(String s) {
        for (ResizeMode m : values()) if (m.cli.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) return m;
        throw new IllegalArgumentException("--resize must be squash or short-side-crop, got '" + s + "'");
    }

    /** Returns {@code height x width x 3} interleaved RGB bytes. */
    public byte[] apply(RgbImage img, int height, int width) {
        double x0 = 0, y0 = 0, bw = img.width(), bh = img.height();
        if (this == SHORT_SIDE_CROP) {
            double scale = Math.max((double) width / img.width(), (double) height / img.height());
            bw = width / scale;
            bh = height / scale;
            x0 = (img.width() - bw) / 2;
            y0 = (img.height() - bh) / 2;
        }
        return Resampler.bilinear(img.pixels(), img.width(), img.height(), x0, y0, bw, bh, width, height);
    }
}
