"""PyTorch peer for bench/train.sh: ResNet-50 training and inference img/s on the same CPU.

Same work as dev.cvpipe.train.TrainBenchmark: 12 classes, AdamW, fixed random batch.
Run with Debian's /usr/bin/python3 (python3-torch, python3-torchvision).
"""
import sys
import time

import torch
import torchvision

size, train_batch, train_steps, infer_batch, infer_steps, threads = map(int, sys.argv[1:7])
torch.set_num_threads(threads)
torch.manual_seed(0)
model = torchvision.models.resnet50(num_classes=12)
opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
x = torch.randn(max(train_batch, infer_batch), 3, size, size)
y = torch.arange(train_batch) % 12

model.train()
def step():
    opt.zero_grad()
    loss = loss_fn(model(x[:train_batch]), y)
    loss.backward()
    opt.step()
for _ in range(2):
    step()
t0 = time.perf_counter()
for _ in range(train_steps):
    step()
print("train_img_per_s %.2f" % (train_batch * train_steps / (time.perf_counter() - t0)))

model.eval()
with torch.no_grad():
    model(x[:infer_batch])
    t0 = time.perf_counter()
    for _ in range(infer_steps):
        model(x[:infer_batch])
print("infer_img_per_s %.2f" % (infer_batch * infer_steps / (time.perf_counter() - t0)))
