"""PyTorch peer for bench/precision.sh: the 3x3 256->256 convolution at 56x56 x32 that the Java side
takes as the machine's peak (channels_last, fp32 and bf16), then torchvision's ResNet-50 inference at batch 32, 224x224, in fp32
and in bf16 (torch.autocast on the CPU), each in PyTorch's faster memory format here (channels_last;
NCHW is printed too). Prints "KEY VALUE" lines like PrecisionBenchmark. Random weights: speed only.
Usage: resnet50_torch_peer.py STEPS THREADS. Benchmark only; cvpipe itself needs no Python."""
import sys, time, torch, torchvision

steps, threads = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)

def per_second(run):
    """Runs of run() per second, timed over STEPS after two untimed ones, without autograd."""
    with torch.no_grad():
        for _ in range(2):
            run()
        t0 = time.time()
        for _ in range(steps):
            run()
        return steps / (time.time() - t0)

conv = torch.nn.Conv2d(256, 256, 3, padding=1, bias=False).to(memory_format=torch.channels_last)
act = torch.randn(32, 256, 56, 56).contiguous(memory_format=torch.channels_last)
flop = 2 * 32 * 56 * 56 * 256 * 256 * 9
for prec, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16)):
    c, a = conv.to(dtype), act.to(dtype)
    print(f"torch_conv_gflops_{prec} {flop * per_second(lambda: c(a)) / 1e9:.1f}", flush=True)
model = torchvision.models.resnet50().eval()
x = torch.randn(32, 3, 224, 224)
for prec, bf16 in (("fp32", False), ("bf16", True)):
    for fmt, layout in (("nchw", torch.contiguous_format), ("channels_last", torch.channels_last)):
        m, xx = model.to(memory_format=layout), x.contiguous(memory_format=layout)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            rate = per_second(lambda: m(xx))
        print(f"torch_resnet50_{fmt}_img_per_s_{prec} {32 * rate:.2f}", flush=True)
