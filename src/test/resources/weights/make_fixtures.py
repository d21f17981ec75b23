#!/usr/bin/python3
"""Makes cvpipe's pretrained-weights test fixtures with Debian's python3-torch (1.13) + torchvision.

    /usr/bin/python3 src/test/resources/weights/make_fixtures.py            # writes the fixtures here
    /usr/bin/python3 src/test/resources/weights/make_fixtures.py --check-export DIR
        # loads the .pth / .safetensors files cvpipe exported into DIR (WEIGHTS_EXPORT_DIR=DIR mvn test
        # -Dtest=WeightsParityTest) into PyTorch with strict load_state_dict and compares outputs.

Full-size weights are never committed: both sides generate them from a counter-based hash of the
tensor name (FNV-1a 64 of the name, SplitMix64 of seed + (i+1)*golden, top 24 bits), bit-identical
in numpy and Java (WeightsParityTest.hashed). Committed: small reader fixtures written by torch,
each model's state_dict names and shapes, and the expected outputs on a hashed 64x64 input.
segmentation_models.pytorch is not installed: its Unet / Unet++ decoders are transcribed below
(same module names, so the state_dict keys are smp's).
"""
import collections
import os
import struct
import sys
import json

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
M64 = (1 << 64) - 1


def fnv1a64(name):
    h = 0xcbf29ce484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & M64
    return h


def uniform(name, n):
    """n values in [0, 1): SplitMix64 of fnv(name) + (i+1)*golden, top 24 bits / 2^24."""
    z = np.uint64(fnv1a64(name)) + np.arange(1, n + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) / float(1 << 24)


def hashed(name, shape):
    """The deterministic value of a tensor, by its name (see WeightsParityTest.hashed)."""
    n = int(np.prod(shape)) if len(shape) else 1
    u = uniform(name, n)
    if name.endswith("running_var"):
        v = 0.5 + u
    elif name.endswith("running_mean"):
        v = (u - 0.5) * 0.4
    elif len(shape) == 1 and name.endswith(".weight"):
        v = 0.5 + u
    elif name.endswith(".bias"):
        v = (u - 0.5) * 0.2
    elif name == "input":
        v = (u - 0.5) * 4.0
    else:
        fan_in = int(np.prod(shape[1:]))
        v = (u - 0.5) * (2.0 * np.sqrt(6.0 / fan_in))
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def fill(model):
    sd = model.state_dict()
    for k, t in sd.items():
        if k.endswith("num_batches_tracked"):
            continue
        t.copy_(hashed(k, tuple(t.shape)))
    return model


# ---- smp's Unet / Unet++ on resnet34, transcribed (module names as smp 0.3 / 0.4) -------------

class Conv2dReLU(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class DecoderBlock(nn.Module):
    def __init__(self, cin, skip, cout):
        super().__init__()
        self.conv1 = Conv2dReLU(cin + skip, cout)
        self.attention1 = nn.Identity()
        self.conv2 = Conv2dReLU(cout, cout)
        self.attention2 = nn.Identity()

    def forward(self, x, skip=None):
        x = F.interpolate(x, scale_factor=2, mode="nearest")
        if skip is not None:
            x = torch.cat([x, skip], dim=1)
        return self.conv2(self.conv1(x))


class ResNetEncoder(torchvision.models.ResNet):
    def __init__(self):
        super().__init__(torchvision.models.resnet.BasicBlock, [3, 4, 6, 3])
        del self.fc
        del self.avgpool

    def forward(self, x):
        f = [x]
        x = self.relu(self.bn1(self.conv1(x)))
        f.append(x)
        x = self.layer1(self.maxpool(x))
        f.append(x)
        for layer in (self.layer2, self.layer3, self.layer4):
            x = layer(x)
            f.append(x)
        return f


ENC = (3, 64, 64, 128, 256, 512)
DEC = (256, 128, 64, 32, 16)


class UnetDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        enc = ENC[1:][::-1]
        ins = [enc[0]] + list(DEC[:-1])
        skips = list(enc[1:]) + [0]
        self.center = nn.Identity()
        self.blocks = nn.ModuleList([DecoderBlock(i, s, o) for i, s, o in zip(ins, skips, DEC)])

    def forward(self, *features):
        features = features[1:][::-1]
        x = self.center(features[0])
        skips = features[1:]
        for i, b in enumerate(self.blocks):
            x = b(x, skips[i] if i < len(skips) else None)
        return x


class UnetPlusPlusDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        enc = ENC[1:][::-1]
        self.in_channels = [enc[0]] + list(DEC[:-1])
        self.skip_channels = list(enc[1:]) + [0]
        self.out_channels = DEC
        self.depth = len(self.in_channels) - 1
        blocks = {}
        for layer_idx in range(len(self.in_channels) - 1):
            for depth_idx in range(layer_idx + 1):
                if depth_idx == 0:
                    cin = self.in_channels[layer_idx]
                    skip = self.skip_channels[layer_idx] * (layer_idx + 1)
                    cout = self.out_channels[layer_idx]
                else:
                    cout = self.skip_channels[layer_idx]
                    skip = self.skip_channels[layer_idx] * (layer_idx + 1 - depth_idx)
                    cin = self.skip_channels[layer_idx - 1]
                blocks[f"x_{depth_idx}_{layer_idx}"] = DecoderBlock(cin, skip, cout)
        blocks[f"x_0_{len(self.in_channels) - 1}"] = DecoderBlock(self.in_channels[-1], 0, self.out_channels[-1])
        self.blocks = nn.ModuleDict(blocks)

    def forward(self, *features):
        features = features[1:][::-1]
        dense_x = {}
        for layer_idx in range(len(self.in_channels) - 1):
            for depth_idx in range(self.depth - layer_idx):
                if layer_idx == 0:
                    out = self.blocks[f"x_{depth_idx}_{depth_idx}"](features[depth_idx], features[depth_idx + 1])
                    dense_x[f"x_{depth_idx}_{depth_idx}"] = out
                else:
                    dl = depth_idx + layer_idx
                    cat = [dense_x[f"x_{idx}_{dl}"] for idx in range(depth_idx + 1, dl + 1)]
                    cat = torch.cat(cat + [features[dl + 1]], dim=1)
                    dense_x[f"x_{depth_idx}_{dl}"] = self.blocks[f"x_{depth_idx}_{dl}"](dense_x[f"x_{depth_idx}_{dl - 1}"], cat)
        dense_x[f"x_0_{self.depth}"] = self.blocks[f"x_0_{self.depth}"](dense_x[f"x_0_{self.depth - 1}"])
        return dense_x[f"x_0_{self.depth}"]


class SegmentationModel(nn.Module):
    def __init__(self, decoder, classes):
        super().__init__()
        self.encoder = ResNetEncoder()
        self.decoder = decoder
        self.segmentation_head = nn.Sequential(nn.Conv2d(DEC[-1], classes, 3, padding=1), nn.Identity(), nn.Identity())

    def forward(self, x):
        return self.segmentation_head(self.decoder(*self.encoder(x)))


# ---- the parity models: name -> (constructor, input side) --------------------------------------

def models():
    tv = torchvision.models
    return {
        "resnet18": (lambda: tv.resnet18(num_classes=10), 64),
        "resnet50": (lambda: tv.resnet50(num_classes=10), 64),
        "inception-v3": (lambda: tv.inception_v3(num_classes=10, aux_logits=False, init_weights=False), 75),
        "unet-resnet34": (lambda: SegmentationModel(UnetDecoder(), 2), 64),
        "unetpp-resnet34": (lambda: SegmentationModel(UnetPlusPlusDecoder(), 2), 64),
    }


def name_lists():
    """state_dict names and shapes: ImageNet heads (1000 classes) and inception's AuxLogits included."""
    tv = torchvision.models
    return {
        "resnet18": tv.resnet18(), "resnet34": tv.resnet34(), "resnet50": tv.resnet50(), "resnet101": tv.resnet101(),
        "inception-v3": tv.inception_v3(aux_logits=True, init_weights=False),
        "unet-resnet34": SegmentationModel(UnetDecoder(), 1),
        "unetpp-resnet34": SegmentationModel(UnetPlusPlusDecoder(), 1),
    }


def write_f32(path, t):
    with open(path, "wb") as f:
        f.write(t.detach().numpy().astype("<f4").tobytes())


def write_safetensors(path, sd):
    """The safetensors layout by hand (the safetensors package is not in Debian's python3-torch)."""
    header, blobs, off = {}, [], 0
    codes = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}
    for k, t in sd.items():
        t = t.contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[k] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def small_fixtures(out):
    """A few hundred bytes each: the same 4 tensors in every format torch writes."""
    sd = collections.OrderedDict()
    sd["conv.weight"] = torch.arange(24, dtype=torch.float32).reshape(2, 3, 2, 2) / 8 - 1.25
    sd["bn.running_var"] = torch.tensor([0.5, 3.0])
    sd["bn.num_batches_tracked"] = torch.tensor(7)
    sd["fc.weight"] = torch.arange(6, dtype=torch.float32).reshape(2, 3).t()  # non-contiguous: stride (1, 3)
    torch.save(sd, os.path.join(out, "tiny_zip.pth"))
    torch.save(sd, os.path.join(out, "tiny_legacy.pth"), _use_new_zipfile_serialization=False)
    half = collections.OrderedDict((k, v.half() if v.is_floating_point() else v) for k, v in sd.items())
    torch.save(half, os.path.join(out, "tiny_fp16.pth"))
    bf = collections.OrderedDict((k, v.bfloat16() if v.is_floating_point() else v) for k, v in sd.items())
    torch.save(bf, os.path.join(out, "tiny_bf16_legacy.pth"), _use_new_zipfile_serialization=False)
    wrapped = {"epoch": 3, "state_dict": collections.OrderedDict(("module." + k, nn.Parameter(v) if v.is_floating_point() else v)
                                                                for k, v in sd.items()), "best_acc": 0.5}
    torch.save(wrapped, os.path.join(out, "tiny_wrapped.pth"))
    write_safetensors(os.path.join(out, "tiny.safetensors"), sd)
    write_safetensors(os.path.join(out, "tiny_bf16.safetensors"), bf)
    # a pickle that would run code if executed: os.system
    import pickle
    import zipfile

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))
    with zipfile.ZipFile(os.path.join(out, "evil.pth"), "w") as z:
        z.writestr("evil/data.pkl", pickle.dumps({"x": Evil()}, protocol=2))
        z.writestr("evil/version", "3\n")


def main():
    out = HERE
    if len(sys.argv) == 3 and sys.argv[1] == "--check-export":
        return check_export(sys.argv[2])
    torch.manual_seed(0)
    small_fixtures(out)
    names = os.path.join(out, "names")
    os.makedirs(names, exist_ok=True)
    for name, model in name_lists().items():
        with open(os.path.join(names, name + ".txt"), "w") as f:
            for k, t in model.state_dict().items():
                f.write(k + " " + ",".join(str(d) for d in t.shape) + "\n")
    expected = os.path.join(out, "expected")
    os.makedirs(expected, exist_ok=True)
    with torch.no_grad():
        for name, (make, side) in models().items():
            m = fill(make()).eval()
            x = hashed("input", (1, 3, side, side))
            y = m(x)
            write_f32(os.path.join(expected, name + ".f32"), y)
            print(name, tuple(y.shape), "max|y| %.4g" % y.abs().max().item())


def check_export(d):
    """Strict-loads cvpipe's exported files and compares outputs with the hashed model's."""
    import safetensors_reader
    ok, checked = True, 0
    with torch.no_grad():
        for name, (make, side) in models().items():
            ref = fill(make()).eval()
            x = hashed("input", (1, 3, side, side))
            want = ref(x)
            for ext in ("pth", "safetensors"):
                p = os.path.join(d, name + "." + ext)
                if not os.path.exists(p):
                    print("%s: missing" % p)
                    ok = False
                    continue
                checked += 1
                sd = torch.load(p) if ext == "pth" else safetensors_reader.load(p)
                m = make().eval()
                m.load_state_dict(sd, strict=True)
                got = m(x)
                diff = (got - want).abs().max().item()
                print("%s.%s: strict load ok, max|diff| %.3g (max|y| %.4g)" % (name, ext, diff, want.abs().max().item()))
                ok &= diff <= 2e-5 * want.abs().max().item()
    sys.exit(0 if ok and checked else 1)


if __name__ == "__main__":
    main()
