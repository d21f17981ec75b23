"""Reads a .safetensors file into a dict of torch tensors (F32 / I64 only) without the safetensors package."""
import json
import struct

import numpy as np
import torch


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for k, info in header.items():
        if k == "__metadata__":
            continue
        a, b = info["data_offsets"]
        dt = {"F32": np.float32, "I64": np.int64}[info["dtype"]]
        out[k] = torch.from_numpy(np.frombuffer(data[base + a:base + b], dtype=dt).reshape(info["shape"]).copy())
    return out
