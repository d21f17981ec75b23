"""PyTorch peer for bench/detect.sh: builds a darknet yolo .cfg (conv/bn/leaky, shortcut, route with groups,
upsample, maxpool, yolo) as torch modules with random weights and times inference at the given
input size. Net is imported by bench/detect_boxes.py. Benchmark only; cvpipe itself needs no Python."""
import sys, time, torch, torch.nn as nn, torch.nn.functional as F

def sections(path):
    out = []
    for line in open(path):
        line = line.split('#')[0].strip()
        if not line or line.startswith(';'):
            continue
        if line.startswith('['):
            out.append({'type': line.strip('[] ')})
        else:
            k, v = line.split('=', 1)
            out[-1].setdefault(k.strip(), v.strip())
    return out

class Net(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        secs = sections(cfg)
        self.defs = secs[1:]
        c = int(secs[0]['channels'])
        chans, self.mods = [], nn.ModuleList()
        for i, s in enumerate(self.defs):
            m = nn.Identity()
            t = s['type']
            if t == 'convolutional':
                k, f, st = int(s['size']), int(s['filters']), int(s.get('stride', 1))
                bn = int(s.get('batch_normalize', 0))
                pad = k // 2 if int(s.get('pad', 0)) else 0
                layers = [nn.Conv2d(c, f, k, st, pad, bias=not bn)]
                if bn:
                    layers.append(nn.BatchNorm2d(f))
                if s.get('activation', 'logistic') == 'leaky':
                    layers.append(nn.LeakyReLU(0.1))
                m, c = nn.Sequential(*layers), f
            elif t == 'route':
                ls = [int(x) for x in s['layers'].split(',')]
                ls = [l if l >= 0 else i + l for l in ls]
                s['abs'] = ls
                c = sum(chans[l] for l in ls) // int(s.get('groups', 1))
            elif t == 'maxpool':
                sz, st = int(s['size']), int(s['stride'])
                s['pool'] = (sz, st)
            self.mods.append(m)
            chans.append(c)

    def forward(self, x):
        outs, heads = [], []
        for i, (s, m) in enumerate(zip(self.defs, self.mods)):
            t = s['type']
            if t == 'convolutional':
                x = m(x)
            elif t == 'shortcut':
                x = x + outs[i + int(s['from'])]
            elif t == 'route':
                x = torch.cat([outs[l] for l in s['abs']], 1)
                if int(s.get('groups', 1)) > 1:  # yolov4-tiny's CSP split: keep the group_id-th slice
                    x = x.chunk(int(s['groups']), 1)[int(s.get('group_id', 0))]
            elif t == 'upsample':
                x = F.interpolate(x, scale_factor=int(s.get('stride', 2)), mode='nearest')
            elif t == 'maxpool':
                sz, st = s['pool']
                p = sz - 1
                x = F.max_pool2d(F.pad(x, (p // 2, p - p // 2, p // 2, p - p // 2), value=-1e30), sz, st)
            elif t == 'yolo':
                heads.append(x)
            outs.append(x)
        return heads

if __name__ == '__main__':
    cfg, size, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    net = Net(cfg).eval()
    x = torch.rand(1, 3, size, size)
    with torch.no_grad():
        net(x)
        t = time.time()
        for _ in range(n):
            net(x)
        dt = time.time() - t
    print(f"pytorch {torch.__version__} {torch.get_num_threads()} threads: {n / dt:.2f} img/s ({1000 * dt / n:.0f} ms/img)")
