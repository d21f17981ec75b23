package dev.cvpipe.train;

import dev.cvpipe.image.RgbImage;

/**
 * How an image of any size becomes the network's input size: {@code squash} stretches it (the
 * seeds' {@code cv2.resize}), {@code short-side-crop} keeps the aspect ratio, scaling the short
 * side to fit and cutting the centre (torchvision's Resize + CenterCrop).
 */
public enum ResizeMode {
    SQUASH("squash"), SHORT_SIDE_CROP("short-side-crop"),
    /**
     * torchvision's reference evaluation transform: the short side scaled to input / 0.875 (256
     * for 224) and the centre input x input cut, i.e. the central 87.5 % of the short-side crop.
     * The classifier default, matching the random-resized crop it is trained with.
     */
    CENTER_CROP("center-crop");

    /** timm's / torchvision's crop_pct: 224 of 256. */
    public static final double CROP_FRACTION = 0.875;

    private final String cli;

    ResizeMode(String cli) {
        this.cli = cli;
    }

    public String cliName() {
        return cli;
    }

    public static ResizeMode parse(String s) {
        for (ResizeMode m : values()) if (m.cli.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) return m;
        throw new IllegalArgumentException("--resize must be squash, short-side-crop or center-crop, got '" + s + "'");
    }

    /** Returns {@code height x width x 3} interleaved RGB bytes. */
    public byte[] apply(RgbImage img, int height, int width) {
        double x0 = 0, y0 = 0, bw = img.width(), bh = img.height();
        if (this != SQUASH) {
            double scale = Math.max((double) width / img.width(), (double) height / img.height());
            if (this == CENTER_CROP) scale /= CROP_FRACTION;
            bw = width / scale;
            bh = height / scale;
            x0 = (img.width() - bw) / 2;
            y0 = (img.height() - bh) / 2;
        }
        return Resampler.bilinear(img.pixels(), img.width(), img.height(), x0, y0, bw, bh, width, height);
    }
}
