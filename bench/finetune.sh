#!/usr/bin/env bash
# Fine-tuning versus training from scratch, on real photos, in one run.
#
# No ImageNet weights can be downloaded here, so the bench makes its own source weights: resnet18 is
# trained by cvpipe on photo set A and exported with `cvpipe model export RUN --format pth` (a
# torchvision-named state_dict, as torchvision's cache files are). The same network is then trained
# on a different photo set B twice, with the same options and seed: once from scratch, once from
# A's weights (--pretrained; the head is re-initialised because B has other classes; --freeze-backbone 2
# trains the new head alone first, then --backbone-lr-mult 0.1 moves the backbone gently).
# The sets are Fashion-MNIST's product photos (Debian package dataset-fashion-mnist), split by class:
#   A: t-shirt, trouser, pullover, dress, coat, shirt   (garments: A_PER_CLASS each, from the training file)
#   B: sandal, sneaker, bag, ankle boot                 (B_TRAIN train + 200 val each, from the test file)
# All runs: --augment flip (the default rot90/vflip turn products upside down), AdamW lr 1e-3, seed 1;
# batch 32 on A, 16 on the small B.
# Usage: bench/finetune.sh [A_PER_CLASS=500] [B_TRAIN=20] [EPOCHS_A=3] [EPOCHS_B=8] [INPUT=64]
# Takes about 10-15 minutes on 2 cores. Set KEEP=DIR to keep the sets, runs and weights in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
a_n=${1:-500}
b_train=${2:-20}
epochs_a=${3:-3}
epochs_b=${4:-8}
input=${5:-64}
b_val=200
py=/usr/bin/python3
data=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || [ -f target/cvpipe.jar ] || missing+=(maven)
[ -x $py ] && $py -c "import numpy" 2>/dev/null || missing+=(python3-numpy)
[ -x $py ] && $py -c "import PIL" 2>/dev/null || missing+=(python3-pil)
[ -f "$data/train-images-idx3-ubyte.gz" ] || missing+=(dataset-fashion-mnist)
if [ ${#missing[@]} -gt 0 ]; then
  echo "finetune.sh: missing tools or data; install with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

if [ -n "${KEEP:-}" ]; then work=$KEEP; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
cv() { bin/cvpipe "$@"; }
train_opts=(--model resnet18 --input "$input" --seed 1 --augment flip --json)

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start=$(date +%s)
$py bench/fashion_sets.py "$work/photos" "$a_n" $((b_train + b_val))
cv split --from-folders "$work/photos/A" -o "$work/A" --val 0.1 --seed 1 -q >/dev/null
cv split --from-folders "$work/photos/B" -o "$work/B" --val "$(echo "$b_val / ($b_train + $b_val)" | bc -l)" --seed 1 -q >/dev/null

secs() { local t0=$1; echo $(( $(date +%s) - t0 )); }
t=$(date +%s)
cv train --data "$work/A" "${train_opts[@]}" --batch 32 --epochs "$epochs_a" -o "$work/runs/A" > "$work/A.json"
cv model export "$work/runs/A" --format pth -o "$work/A-resnet18.pth"
source_s=$(secs $t)

t=$(date +%s)
cv train --data "$work/B" "${train_opts[@]}" --batch 16 --epochs "$epochs_b" -o "$work/runs/scratch" > "$work/scratch.json"
scratch_s=$(secs $t)
t=$(date +%s)
cv train --data "$work/B" "${train_opts[@]}" --batch 16 --epochs "$epochs_b" -o "$work/runs/finetuned" \
  --pretrained "$work/A-resnet18.pth" --freeze-backbone 2 --backbone-lr-mult 0.1 > "$work/finetuned.json"
finetune_s=$(secs $t)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

field() { $py -c "import json,sys; r=json.load(open(sys.argv[1])); r=r[0] if isinstance(r,list) else r; print(r[sys.argv[2]])" "$1" "$2"; }
echo "source: resnet18 ${input}x${input} trained on set A (6 classes, $((a_n * 9 / 10)) train photos each) for $epochs_a epochs:" \
  "val acc $(field "$work/A.json" val_acc) (${source_s}s, incl. export to .pth)"
echo "target: set B (4 classes, $b_train train / $b_val val photos each), $epochs_b epochs, same options and seed"
printf "%-34s %8s %13s %8s\n" "resnet18 on B (best epoch)" val_acc val_macro_f1 seconds
printf "%-34s %8.4f %13.4f %8d\n" "from scratch" "$(field "$work/scratch.json" val_acc)" "$(field "$work/scratch.json" val_macro_f1)" "$scratch_s"
printf "%-34s %8.4f %13.4f %8d\n" "fine-tuned from A's weights" "$(field "$work/finetuned.json" val_acc)" "$(field "$work/finetuned.json" val_macro_f1)" "$finetune_s"
echo "total $(secs "$start")s"
