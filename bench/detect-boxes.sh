#!/usr/bin/env bash
# Same boxes as PyTorch on the same weights: a seeded torch yolo net (bench/detect_torch_peer.py's Net,
# BN statistics measured on the images, head biases chosen so that a few hundred boxes pass) is written
# as a darknet .weights file; cvpipe detect runs it in fp32 and --precision bf16 on real photos (as PNG,
# so both sides decode the same pixels), and bench/detect_boxes.py decodes torch's head outputs the way
# cvpipe does (Letterbox, YoloDecoder, Nms at --conf 0.25 / --nms 0.45) and matches the boxes.
# torch's own bf16 autocast on the same net is printed as the yardstick for cvpipe's bf16 boxes.
# Exits 1 when fp32 disagrees (a box only on one side, IoU < 0.99 or a score off by > 0.002).
# Usage: bench/detect-boxes.sh [CFG] [SIZE] [SEED] [IMAGE...]
set -euo pipefail
. "$(dirname "$0")/needs.sh"
needs java mvn py:torch py:PIL py:numpy
root=$(cd "$(dirname "$0")/.." && pwd)
cfg=${1:-$root/test-data/darknet/yolov3.cfg}
size=${2:-416}
seed=${3:-1}
shift $(($# < 3 ? $# : 3))
data=/usr/share/doc/opencv-doc/examples/data
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(/work/shared/corpora/pillow-test-images/readable/hopper.jpg "$data/fruits.jpg" "$data/building.jpg" "$data/HappyFish.jpg" "$data/baboon.jpg")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_MMAP_MAX_=0 /usr/bin/python3 "$root/bench/detect_boxes.py" "$@"; }

uptime
py prepare "$cfg" "$size" "$seed" "$tmp" "${images[@]}"
"$root/bin/cvpipe" -q detect --cfg "$cfg" --weights "$tmp/net.weights" --images "$tmp/images" -o "$tmp/fp32.csv" --input "${size}x$size"
status=0
py compare "$tmp/torch.csv" "$tmp/fp32.csv" "cvpipe fp32" strict || status=1
if grep -q -m1 -e avx512_bf16 -e amx_bf16 /proc/cpuinfo; then
  "$root/bin/cvpipe" -q detect --cfg "$cfg" --weights "$tmp/net.weights" --images "$tmp/images" -o "$tmp/bf16.csv" --input "${size}x$size" --precision bf16
  py compare "$tmp/torch.csv" "$tmp/bf16.csv" "cvpipe bf16"
  # the yardstick: how far torch's own bf16 autocast moves the same net's boxes
  py compare "$tmp/torch.csv" "$tmp/torch-bf16.csv" "torch bf16"
else
  echo "bf16: skipped (this CPU has no AVX512_BF16 or AMX-BF16)"
fi
uptime
exit $status
