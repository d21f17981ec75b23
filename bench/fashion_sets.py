#!/usr/bin/env python3
"""Two labelled photo sets from Fashion-MNIST (Debian: dataset-fashion-mnist), as class folders of PNGs.

Fashion-MNIST holds 70,000 real product photos (Zalando, 28x28 grey). The bench needs a source set A
to learn weights on and a different target set B to fine-tune on, with disjoint classes:
  A: t-shirt, trouser, pullover, dress, coat, shirt  (garments, from the 60,000 training images)
  B: sandal, sneaker, bag, ankle boot                (from the 10,000 test images: no photo in both)
Usage: fashion_sets.py OUT A_PER_CLASS B_PER_CLASS   -> OUT/A/<class>/*.png, OUT/B/<class>/*.png
The first N images of each class are taken in file order, so the sets are the same on every machine.
"""
import gzip
import os
import sys

import numpy as np
from PIL import Image

SRC = os.environ.get("FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
NAMES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
A = [0, 1, 2, 3, 4, 6]
B = [5, 7, 8, 9]


def load(prefix):
    with gzip.open(os.path.join(SRC, prefix + "-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(SRC, prefix + "-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images, labels


def write(images, labels, classes, per_class, out):
    for c in classes:
        d = os.path.join(out, NAMES[c])
        os.makedirs(d, exist_ok=True)
        for k, i in enumerate(np.flatnonzero(labels == c)[:per_class]):
            Image.fromarray(images[i], "L").save(os.path.join(d, "%s_%05d.png" % (NAMES[c], i)))


def main():
    out, a_n, b_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    write(*load("train"), A, a_n, os.path.join(out, "A"))
    write(*load("t10k"), B, b_n, os.path.join(out, "B"))


if __name__ == "__main__":
    main()
