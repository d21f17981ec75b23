#!/usr/bin/env bash
# Does bf16 training cost accuracy? The same network, seed and schedule trained in fp32 and in bf16 on
# Fashion-MNIST (Debian's dataset-fashion-mnist: Zalando's product photos, 10 classes), scored on
# held-out test images nobody selects on. Goal (issue 14): bf16 within 1 point of fp32.
# Usage: bench/precision-accuracy.sh [MODEL=cnn-small] [INPUT=32] [EPOCHS=12] [N_TRAIN=6000] [N_TEST=2000]
# Needs: apt-get install dataset-fashion-mnist python3-pil python3-numpy (the split is made with
# bench/recipe_data.py), and a CPU with AVX512_BF16.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
model=${1:-cnn-small}; input=${2:-32}; epochs=${3:-12}; ntrain=${4:-6000}; ntest=${5:-2000}
[ -d /usr/share/datasets/fashion-mnist ] || { echo "precision-accuracy.sh: apt-get install dataset-fashion-mnist" >&2; exit 1; }
/usr/bin/python3 -c 'import numpy, PIL' 2>/dev/null || { echo "precision-accuracy.sh: apt-get install python3-numpy python3-pil" >&2; exit 1; }
grep -qwE 'avx512_bf16|amx_bf16' /proc/cpuinfo || { echo "precision-accuracy.sh: this CPU has no AVX512_BF16/AMX-BF16" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/recipe_data.py" fashion "$work/fashion" "$ntrain" "$ntest"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf "%-6s %-10s %8s\n" precision model test_acc
for p in fp32 bf16; do
  "$root/bin/cvpipe" -q train --data "$work/fashion" --model "$model" --input "$input" --epochs "$epochs" --batch 64 \
    --lr 0.003 --augment flip --seed 1 --precision "$p" -o "$work/run-$p" --csv > "$work/sum-$p.csv"
  # val_list.txt holds the test images; the last epoch's val_acc is the test accuracy (nothing selected on it).
  printf "%-6s %-10s %8s\n" "$p" "$model" "$(tail -1 "$work/run-$p/metrics.csv" | cut -d, -f5)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
