"""PyTorch peer for bench/recipe.sh: cnn-small trained with torchvision's reference recipe.

Same network as cvpipe's cnn-small (three conv3x3-BN-ReLU + 2x2 max-pool blocks of 16, 32, 64
filters, global average pool, linear), same AdamW (lr 1e-3, weight decay 1e-3 on conv/linear
weights only, as cvpipe), CosineAnnealingWarmRestarts(T_0=2, T_mult=2, eta_min=1e-5) stepped per
epoch, batch 16, ImageNet normalisation. Transforms are torchvision's classification reference:
train RandomResizedCrop(SIZE) + RandomHorizontalFlip; test Resize(int(SIZE / 0.875)) +
CenterCrop(SIZE). Prints the last epoch's test accuracy (nothing is selected on the test list).
Usage: recipe_torch.py SPLIT_DIR SIZE EPOCHS THREADS [SEED]
Run with Debian's /usr/bin/python3 (python3-torch, python3-torchvision, python3-pil).
"""
import os
import sys
import time

import torch
import torch.nn as nn
import torchvision.transforms as T
from PIL import Image

split, size, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
torch.set_num_threads(threads)
torch.manual_seed(seed)

norm = T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
train_tf = T.Compose([T.RandomResizedCrop(size), T.RandomHorizontalFlip(), T.ToTensor(), norm])
test_tf = T.Compose([T.Resize(int(size / 0.875)), T.CenterCrop(size), T.ToTensor(), norm])


class ListSet(torch.utils.data.Dataset):
    def __init__(self, name, tf):
        self.items = []
        with open(os.path.join(split, name)) as f:
            for line in f:
                path, label = line.rstrip("\n").rsplit(None, 1)
                self.items.append((os.path.join(split, path), int(label)))
        self.tf = tf

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        return self.tf(Image.open(path).convert("RGB")), label


def block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True), nn.MaxPool2d(2)]


classes = sum(1 for _ in open(os.path.join(split, "labels.txt")))
model = nn.Sequential(*block(3, 16), *block(16, 32), *block(32, 64), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes))
decay = [p for n, p in model.named_parameters() if p.dim() > 1]
other = [p for n, p in model.named_parameters() if p.dim() <= 1]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 1e-3}, {"params": other, "weight_decay": 0}], lr=1e-3)
sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=1e-5)
loss_fn = nn.CrossEntropyLoss()
train = torch.utils.data.DataLoader(ListSet("train_list.txt", train_tf), batch_size=16, shuffle=True, num_workers=0)
test = torch.utils.data.DataLoader(ListSet("val_list.txt", test_tf), batch_size=64, num_workers=0)

t0 = time.perf_counter()
for epoch in range(epochs):
    model.train()
    for x, y in train:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    sched.step()
    model.eval()
    right = total = 0
    with torch.no_grad():
        for x, y in test:
            right += (model(x).argmax(1) == y).sum().item()
            total += len(y)
    print("epoch %d test_acc %.4f" % (epoch + 1, right / total), file=sys.stderr)
print("test_acc %.4f" % (right / total))
print("seconds %.1f" % (time.perf_counter() - t0))
