"""Writes N pairs of synthetic label masks (ground truth + a perturbed prediction) as 8-bit
grayscale PNGs holding class indices 0..K-1, with a sprinkling of 255 (ignore) in the truth.
Deterministic for a given seed. Used by bench/seg-metrics.sh only."""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw


def shapes(draw, rng, size, classes, count):
    for _ in range(count):
        c = int(rng.integers(1, classes))
        x0, y0 = (int(v) for v in rng.integers(0, size - 32, 2))
        w, h = (int(v) for v in rng.integers(24, size // 2, 2))
        box = [x0, y0, min(size - 1, x0 + w), min(size - 1, y0 + h)]
        if rng.random() < 0.5:
            draw.rectangle(box, fill=c)
        else:
            draw.ellipse(box, fill=c)


def main():
    out, n, size, classes, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(out, "gt"), exist_ok=True)
    os.makedirs(os.path.join(out, "pred"), exist_ok=True)
    for i in range(n):
        gt = Image.new("L", (size, size), 0)
        shapes(ImageDraw.Draw(gt), rng, size, classes, 6)
        pred = gt.copy()
        # A prediction is the truth with a few shapes added or erased and a shifted border.
        shapes(ImageDraw.Draw(pred), rng, size, classes, 2)
        pred = Image.fromarray(np.roll(np.asarray(pred), int(rng.integers(-3, 4)), axis=1))
        g = np.asarray(gt).copy()
        g[:, :4] = 255  # an ignored strip, as on a VOC-style void border
        name = "m%05d.png" % i
        Image.fromarray(g).save(os.path.join(out, "gt", name))
        pred.save(os.path.join(out, "pred", name))


if __name__ == "__main__":
    main()
