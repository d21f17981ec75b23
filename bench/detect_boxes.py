"""Cross-check for bench/detect-boxes.sh: cvpipe detect against PyTorch on the same weights.

  prepare CFG SIZE SEED OUTDIR IMAGE...  seeded torch yolo net (bench/detect_torch_peer.py's Net) with sane
      detections; writes OUTDIR/net.weights (darknet order, as cvpipe's DarknetWeights reads it), the
      images as PNG in OUTDIR/images (lossless, so both sides decode the same pixels) and torch's boxes
      in OUTDIR/torch.csv (and under torch's bf16 autocast in torch-bf16.csv), decoded the way cvpipe's Letterbox/YoloDecoder/Nms do.
  compare TORCH.csv CVPIPE.csv LABEL [strict]  matches boxes per image and class; prints a summary;
      with strict, exits 1 unless every box matches (same count, class, score within 2e-3, IoU >= 0.99).
Benchmark only; cvpipe itself needs no Python."""
import csv, os, struct, sys
import numpy as np

CONF, NMS = 0.25, 0.45  # DetectCommand's --conf and --nms defaults


def letterbox(rgb, net_w, net_h):
    """cvpipe's model.detect.Letterbox.of + fill, in float32 step for step (aligned-corner bilinear, rows first)."""
    h, w = rgb.shape[:2]
    if np.float32(net_w) / np.float32(w) < np.float32(net_h) / np.float32(h):
        nw, nh = net_w, h * net_w // w
    else:
        nh, nw = net_h, w * net_h // h
    nw, nh = max(1, nw), max(1, nh)
    src = rgb.astype(np.float32) / np.float32(255)
    one = np.float32(1)
    ws = np.float32(0) if nw == 1 else np.float32(w - 1) / np.float32(nw - 1)
    sx = np.arange(nw, dtype=np.float32) * ws
    ix = np.minimum(sx.astype(np.int64), w - 1)
    d = (sx - ix.astype(np.float32))[None, :, None]
    ix1 = np.minimum(ix + 1, w - 1)
    part = (one - d) * src[:, ix, :] + d * src[:, ix1, :]
    part[:, nw - 1, :] = src[:, w - 1, :]
    if w == 1:
        part[:] = src[:, :1, :]
    hs = np.float32(0) if nh == 1 else np.float32(h - 1) / np.float32(nh - 1)
    sy = np.arange(nh, dtype=np.float32) * hs
    iy = np.minimum(sy.astype(np.int64), h - 1)
    dy = (sy - iy.astype(np.float32))[:, None, None]
    v = (one - dy) * part[iy]
    add = dy * part[np.minimum(iy + 1, h - 1)]
    if nh > 1 and h != 1:
        add[nh - 1] = 0
        v = v + add
    out = np.full((net_h, net_w, 3), 0.5, np.float32)
    ox, oy = (net_w - nw) // 2, (net_h - nh) // 2
    out[oy:oy + nh, ox:ox + nw] = v
    return out, (w, h, nw, nh)


def sigmoid(x):
    return 1 / (1 + np.exp(-x.astype(np.float64)))


def decode(head, yolo, net_w, net_h, geom):
    """cvpipe's YoloDecoder.decode for one head [anchors*(5+classes), gh, gw] (NCHW of one image)."""
    w, h, nw, nh = geom
    classes, anchors, s = yolo['classes'], yolo['anchors'], yolo['scale_x_y']
    a = len(anchors)
    gh, gw = head.shape[1:]
    t = head.reshape(a, classes + 5, gh, gw).astype(np.float64)
    obj = sigmoid(t[:, 4])
    dets = []
    for n, j, i in zip(*np.nonzero(obj > CONF)):
        x = (i + sigmoid(t[n, 0, j, i]) * s - 0.5 * (s - 1)) / gw
        y = (j + sigmoid(t[n, 1, j, i]) * s - 0.5 * (s - 1)) / gh
        bw = np.exp(t[n, 2, j, i]) * anchors[n][0] / net_w
        bh = np.exp(t[n, 3, j, i]) * anchors[n][1] / net_h
        cx = (x - (net_w - nw) / 2 / net_w) / (nw / net_w) * w
        cy = (y - (net_h - nh) / 2 / net_h) / (nh / net_h) * h
        bw, bh = bw * net_w / nw * w, bh * net_h / nh * h
        box = [min(w, max(0, cx - bw / 2)), min(h, max(0, cy - bh / 2)), min(w, max(0, cx + bw / 2)), min(h, max(0, cy + bh / 2))]
        p = obj[n, j, i] * sigmoid(t[n, 5:, j, i])
        for c in np.nonzero(p > CONF)[0]:
            dets.append((int(c), float(p[c]), box))
    return dets


def iou(a, b):
    iw, ih = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return 0.0 if union <= 0 else inter / union


def similarity(a, b):
    """IoU, except that boxes equal to cvpipe's 2 decimals count as 1 (clipping leaves zero-area boxes at an edge)."""
    return 1.0 if max(abs(x - y) for x, y in zip(a, b)) <= 0.011 else iou(a, b)


def nms(dets):
    """cvpipe's Nms.apply: per class (ascending), stable sort by descending score, greedy at IoU > NMS."""
    kept = []
    for c in sorted({d[0] for d in dets}):
        keep = []
        for d in sorted([d for d in dets if d[0] == c], key=lambda d: -d[1]):
            if all(iou(k[2], d[2]) <= NMS for k in keep):
                keep.append(d)
        kept += keep
    return kept


def yolo_heads(net):
    out = []
    for s in net.defs:
        if s['type'] == 'yolo':
            anchors = [float(v) for v in s['anchors'].split(',')]
            mask = [int(v) for v in s['mask'].split(',')]
            if int(s.get('new_coords', 0)):
                sys.exit('detect_boxes.py: new_coords heads are not mirrored here')
            out.append({'classes': int(s['classes']), 'anchors': [anchors[2 * m:2 * m + 2] for m in mask],
                        'scale_x_y': float(s.get('scale_x_y', 1))})
    return out


def head_convs(net):
    """Index of the convolution feeding each [yolo] layer (the layer just before it)."""
    return [i - 1 for i, s in enumerate(net.defs) if s['type'] == 'yolo']


def write_weights(net, path):
    """Header int32 major=0, minor=2, revision=5, int64 seen=0; per conv in cfg order: BN beta, gamma,
    running mean, running var (or the conv bias), then the kernel OIHW; all little-endian float32."""
    with open(path, 'wb') as f:
        f.write(struct.pack('<iiiq', 0, 2, 5, 0))
        for s, m in zip(net.defs, net.mods):
            if s['type'] != 'convolutional':
                continue
            conv = m[0]
            if int(s.get('batch_normalize', 0)):
                bn = m[1]
                for t in (bn.bias, bn.weight, bn.running_mean, bn.running_var):
                    f.write(t.detach().numpy().astype('<f4').tobytes())
            else:
                f.write(conv.bias.detach().numpy().astype('<f4').tobytes())
            f.write(conv.weight.detach().numpy().astype('<f4').tobytes())


def prepare(cfg, size, seed, outdir, images):
    import torch
    from PIL import Image
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from detect_torch_peer import Net
    torch.set_num_threads(2)
    torch.manual_seed(seed)
    net = Net(cfg)
    os.makedirs(os.path.join(outdir, 'images'), exist_ok=True)
    names, xs, geoms = [], [], []
    for p in images:
        rgb = np.asarray(Image.open(p).convert('RGB'))
        name = os.path.splitext(os.path.basename(p))[0] + '.png'
        Image.fromarray(rgb).save(os.path.join(outdir, 'images', name))
        x, g = letterbox(rgb, size, size)
        names.append(name), xs.append(torch.from_numpy(x.transpose(2, 0, 1).copy())[None]), geoms.append(g)
    batch = torch.cat(xs)
    heads, yolos = head_convs(net), yolo_heads(net)
    with torch.no_grad():
        # Non-trivial BN affine values, then running statistics measured on these images (one cumulative
        # train-mode pass), so every layer sees normalised activations as in a trained network.
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.momentum = None
        net.train()
        net(batch)
        net.eval()
        # Heads: biases chosen on these images so that the median image has 30 anchors with objectness
        # above 0.3 and about 1 % of class logits are positive (a box or two per anchor passes --conf).
        per = yolos[0]['classes'] + 5
        for i in heads:
            net.mods[i][0].bias.zero_()
        raw = [[o[0].numpy() for o in net(x)] for x in xs]
        kth = [np.sort(np.concatenate([o[4::per].ravel() for o in r]))[-30] for r in raw]
        cls = np.concatenate([np.concatenate([o[k * per + 5:(k + 1) * per].ravel() for k in range(len(o) // per)]) for r in raw for o in r])
        b = float(np.log(0.3 / 0.7) - np.median(kth))
        bc = float(-np.quantile(cls, 0.99))
        for i in heads:
            bias = net.mods[i][0].bias
            for k in range(len(bias) // per):
                bias[k * per + 4] = b
                bias[k * per + 5:(k + 1) * per] = bc
        write_weights(net, os.path.join(outdir, 'net.weights'))
        # torch.csv: the fp32 reference; torch-bf16.csv: the same net under torch's CPU bf16 autocast, to show
        # how far bf16 arithmetic alone moves the boxes
        for file, dtype in (('torch.csv', None), ('torch-bf16.csv', torch.bfloat16)):
            with open(os.path.join(outdir, file), 'w', newline='') as f, \
                    torch.autocast('cpu', dtype=dtype or torch.bfloat16, enabled=dtype is not None):
                out = csv.writer(f)
                out.writerow(['file', 'class_id', 'score', 'x1', 'y1', 'x2', 'y2'])
                for name, x, g in zip(names, xs, geoms):
                    dets = []
                    for o, y in zip(net(x), yolos):
                        dets += decode(o[0].float().numpy(), y, size, size, g)
                    for c, p, box in nms(dets):
                        out.writerow([name, c, repr(p)] + [repr(float(v)) for v in box])
    per_image = {n: 0 for n in names}
    for key, boxes in read_boxes(os.path.join(outdir, 'torch.csv')).items():
        per_image[key[0]] += len(boxes)
    print(f"torch {torch.__version__} fp32, seed {seed}: objectness bias {b:.3f}, class bias {bc:.3f}; boxes: "
          + ", ".join(f"{n} {k}" for n, k in per_image.items()), file=sys.stderr)


def read_boxes(path):
    by = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            key = (os.path.basename(r['file']), int(r['class_id']))
            by.setdefault(key, []).append((float(r['score']), [float(r[k]) for k in ('x1', 'y1', 'x2', 'y2')]))
    return by


def compare(torch_csv, cvpipe_csv, label, strict):
    ref, got = read_boxes(torch_csv), read_boxes(cvpipe_csv)
    n_ref = sum(len(v) for v in ref.values())
    n_got = sum(len(v) for v in got.values())
    ious, dscores, missing, extra, near = [], [], [], [], 0
    for key in sorted(set(ref) | set(got)):
        a, b = ref.get(key, []), list(got.get(key, []))
        for score, box in sorted(a, key=lambda d: -d[0]):
            best = max(range(len(b)), key=lambda k: similarity(box, b[k][1]), default=None)
            if best is not None and similarity(box, b[best][1]) >= 0.5:
                ious.append(similarity(box, b[best][1]))
                dscores.append(abs(score - b[best][0]))
                b.pop(best)
            else:
                missing.append((key, score))
        extra += [(key, s) for s, _ in b]
    for _, s in missing + extra:
        near += abs(s - CONF) < 0.01
    ious, dscores = np.array(ious), np.array(dscores)
    matched = len(ious)
    line = f"{label}: {matched}/{n_ref} torch fp32 boxes matched ({n_got} boxes in all)"
    if matched:
        line += (f", {int((ious == 1).sum())} with corners equal to 0.01 px, similarity (IoU; 1 when equal) min {ious.min():.4f}"
                 f" mean {ious.mean():.4f}, {int((ious >= 0.9).sum())} >= 0.9;"
                 f" |score diff| max {dscores.max():.4f} mean {dscores.mean():.5f}")
    if missing or extra:
        line += f"; {len(missing)} only in torch fp32, {len(extra)} only in {label} ({near} of them within 0.01 of --conf {CONF})"
    print(line)
    ok = not missing and not extra and (not matched or (ious.min() >= 0.99 and dscores.max() <= 2e-3))
    if strict and n_ref == 0:
        print("  no box on either side: nothing was compared (other images or seed)")
        return 1
    if strict and not ok:
        for side, key, s in ([('torch fp32', k, s) for k, s in missing] + [(label, k, s) for k, s in extra])[:10]:
            print(f"  only in {side}: {key[0]} class {key[1]} score {s:.4f}")
        return 1
    return 0


if __name__ == '__main__':
    if sys.argv[1] == 'prepare':
        prepare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6:])
    elif sys.argv[1] == 'compare':
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4], len(sys.argv) > 5 and sys.argv[5] == 'strict'))
    else:
        sys.exit(__doc__)
