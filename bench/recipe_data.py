"""Makes the two split folders bench/recipe.sh trains on, from labelled images Debian ships.

  fashion: Fashion-MNIST (package dataset-fashion-mnist): Zalando's product photos, 28x28 gray,
           10 classes; the first N_TRAIN of its train set and the first N_TEST of its test set.
  digits:  OpenCV's digits.png (package opencv-doc): 5000 handwritten digits, 20x20, 10 classes;
           a seeded stratified split, N_TEST/10 per class held out.
Each folder: labels.txt, train_list.txt, val_list.txt (the held-out TEST list: nothing selects on
it, both sides report their last epoch) and the PNGs under train/ and test/.
Usage: recipe_data.py SET OUT_DIR N_TRAIN N_TEST
"""
import gzip
import os
import random
import sys

import numpy as np
from PIL import Image

FASHION = "/usr/share/datasets/fashion-mnist"
DIGITS = "/usr/share/doc/opencv-doc/examples/data/digits.png"
FASHION_NAMES = ["tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"]


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def write(out, part, images, labels, names):
    lines = []
    for i, (img, y) in enumerate(zip(images, labels)):
        rel = "%s/%s/%05d.png" % (part, names[y], i)
        os.makedirs(os.path.join(out, os.path.dirname(rel)), exist_ok=True)
        Image.fromarray(img).save(os.path.join(out, rel))
        lines.append("%s\t%d\n" % (rel, y))
    return lines


def main():
    which, out, n_train, n_test = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if which == "fashion":
        tr_x, tr_y = idx(FASHION + "/train-images-idx3-ubyte.gz"), idx(FASHION + "/train-labels-idx1-ubyte.gz")
        te_x, te_y = idx(FASHION + "/t10k-images-idx3-ubyte.gz"), idx(FASHION + "/t10k-labels-idx1-ubyte.gz")
        tr_x, tr_y, te_x, te_y = tr_x[:n_train], tr_y[:n_train], te_x[:n_test], te_y[:n_test]
        names = FASHION_NAMES
    elif which == "digits":
        sheet = np.array(Image.open(DIGITS).convert("L"))
        cells = sheet.reshape(50, 20, 100, 20).transpose(0, 2, 1, 3).reshape(5000, 20, 20)
        labels = np.repeat(np.arange(10), 500)  # five rows of 100 per digit, in order
        rnd = random.Random(0)
        train, test = [], []
        for c in range(10):
            ids = list(range(c * 500, (c + 1) * 500))
            rnd.shuffle(ids)
            test += ids[:n_test // 10]
            train += ids[n_test // 10:][:n_train // 10]
        rnd.shuffle(train)
        tr_x, tr_y, te_x, te_y = cells[train], labels[train], cells[test], labels[test]
        names = [str(d) for d in range(10)]
    else:
        sys.exit("set must be fashion or digits")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "labels.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    with open(os.path.join(out, "train_list.txt"), "w") as f:
        f.writelines(write(out, "train", tr_x, tr_y, names))
    with open(os.path.join(out, "val_list.txt"), "w") as f:
        f.writelines(write(out, "test", te_x, te_y, names))


main()
