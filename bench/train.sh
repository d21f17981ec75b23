#!/usr/bin/env bash
# ResNet-50 at 224x224 on this CPU: cvpipe (TensorFlow Java) vs PyTorch in the same run.
#   training img/s at batch 16, inference img/s at batch 32, printed with cvpipe/PyTorch ratios,
#   and cvpipe's input pipeline img/s (JPEG decode + resize + seed-003 augmentations + batching).
# Goals (issue 5): >= 1.0x PyTorch for both; input pipeline >= 3x the training speed.
# Usage: bench/train.sh [TRAIN_STEPS=6] [INFER_STEPS=4] [THREADS=2]
# Needs Debian's /usr/bin/python3 with python3-torch + python3-torchvision (and Pillow to make the
# sample JPEGs). Other load on the machine skews both sides: run it on a quiet machine.
set -euo pipefail
. "$(dirname "$0")/needs.sh"
needs java mvn bc py:torch py:torchvision py:PIL
cd "$(dirname "$0")/.."
steps=${1:-6}
isteps=${2:-4}
threads=${3:-2}
py=/usr/bin/python3

[ -f target/cvpipe.jar ] && [ -z "$(find src/main pom.xml -newer target/cvpipe.jar -print -quit)" ] ||
  mvn -q -B -DskipTests package

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 64 cat-12-sized JPEGs (500x375, smooth gradients plus noise, quality 90).
$py - "$work/jpeg" <<'PY'
import os, sys, random
from PIL import Image, ImageFilter
out = sys.argv[1]; os.makedirs(out)
random.seed(0)
for i in range(64):
    w, h = 500, 375
    img = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    noise = Image.effect_noise((w, h), 40).convert("RGB")
    img = Image.blend(img, noise, 0.5).filter(ImageFilter.GaussianBlur(1))
    img.save(os.path.join(out, "img%03d.jpg" % i), quality=90)
PY

export TF_CPP_MIN_LOG_LEVEL=3
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xmx2g -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "target/cvpipe.jar:target/lib/*" \
  dev.cvpipe.train.TrainBenchmark resnet50 224 16 "$steps" 32 "$isteps" "$work/jpeg" "$threads" 2>/dev/null > "$work/java.txt"
# The peer gets its best known setting on this machine: glibc's mmap threshold off (the TF notes'
# measurement) and the OPENBLAS_* overrides this workplace sets for old OpenBLAS builds removed.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_MMAP_MAX_=0 \
  $py bench/train_torch.py 224 16 "$steps" 32 "$isteps" "$threads" > "$work/torch.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

val() { awk -v k="$2" '$1==k {print $2}' "$1"; }
jt=$(val "$work/java.txt" train_img_per_s); ji=$(val "$work/java.txt" infer_img_per_s)
tt=$(val "$work/torch.txt" train_img_per_s); ti=$(val "$work/torch.txt" infer_img_per_s)
pipe=$(val "$work/java.txt" pipeline_img_per_s)
printf "%-32s %10s %10s %8s\n" "ResNet-50 224x224 ($threads threads)" cvpipe pytorch ratio
printf "%-32s %10.2f %10.2f %7.2fx\n" "train img/s (batch 16)" "$jt" "$tt" "$(echo "$jt / $tt" | bc -l)"
printf "%-32s %10.2f %10.2f %7.2fx\n" "inference img/s (batch 32)" "$ji" "$ti" "$(echo "$ji / $ti" | bc -l)"
printf "%-32s %10.2f %10s %7.2fx of cvpipe training\n" "input pipeline img/s" "$pipe" "-" "$(echo "$pipe / $jt" | bc -l)"
