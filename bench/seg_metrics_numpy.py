"""The peer for bench/seg-metrics.sh: FCN's `_fast_hist` (numpy bincount) over every mask pair,
then the same metric block cvpipe prints. Single process, as such scripts are usually written."""
import json
import os
import sys

import numpy as np
from PIL import Image


def main():
    pred_dir, gt_dir, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    hist = np.zeros((k, k), dtype=np.int64)
    for name in sorted(os.listdir(gt_dir)):
        gt = np.asarray(Image.open(os.path.join(gt_dir, name)))
        pred = np.asarray(Image.open(os.path.join(pred_dir, name)))
        valid = gt < k
        hist += np.bincount(k * gt[valid].astype(np.int64) + pred[valid], minlength=k * k).reshape(k, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        diag = np.diag(hist)
        acc = diag.sum() / hist.sum()
        acc_cls = np.nanmean(diag / hist.sum(axis=1))
        iou = diag / (hist.sum(axis=1) + hist.sum(axis=0) - diag)
        freq = hist.sum(axis=1) / hist.sum()
        fwavacc = (freq[freq > 0] * iou[freq > 0]).sum()
    print(json.dumps({"acc": acc, "acc_cls": acc_cls, "iou": [None if np.isnan(v) else v for v in iou],
                      "miou": np.nanmean(iou), "fwavacc": fwavacc}))


if __name__ == "__main__":
    main()
