#!/usr/bin/env bash
# yolov3 inference at 416×416 on this CPU: cvpipe detect (TensorFlow Java) against PyTorch running
# the same cfg (bench/detect_torch_peer.py), both with random weights and batch 1.
# cvpipe's steady-state rate is (N2 − N1) extra images over the extra wall time, so JVM start,
# graph build and TF's first-run cost cancel out. Usage: bench/detect.sh [CFG] [N1] [N2]
set -euo pipefail
. "$(dirname "$0")/needs.sh"
needs java mvn bc convert py:torch
root=$(cd "$(dirname "$0")/.." && pwd)
cfg=${1:-$root/test-data/darknet/yolov3.cfg}
n1=${2:-2}
n2=${3:-12}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/a" "$tmp/b"
convert -size 640x480 plasma:fractal -seed 1 "$tmp/img.jpg" 2>/dev/null || convert -size 640x480 gradient:red-blue "$tmp/img.jpg"
for i in $(seq 1 "$n1"); do cp "$tmp/img.jpg" "$tmp/a/$i.jpg"; done
for i in $(seq 1 "$n2"); do cp "$tmp/img.jpg" "$tmp/b/$i.jpg"; done

"$root/bin/cvpipe" --version >/dev/null   # build once, outside the timing
run() {
  local s e
  s=$(date +%s.%N)
  "$root/bin/cvpipe" -q detect --cfg "$cfg" --random-weights --images "$1" -o "$tmp/out.csv" --input 416x416
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
t1=$(run "$tmp/a")
t2=$(run "$tmp/b")
awk -v t1="$t1" -v t2="$t2" -v n1="$n1" -v n2="$n2" 'BEGIN {
  printf "cvpipe detect (TF Java): %.2f img/s steady (%.0f ms/img); %d images took %.1f s incl. start-up\n", (n2-n1)/(t2-t1), 1000*(t2-t1)/(n2-n1), n1, t1 }'
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_MMAP_MAX_=0 /usr/bin/python3 "$root/bench/detect_torch_peer.py" "$cfg" 416 "$((n2 - n1))" 2
