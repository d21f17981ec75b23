#!/usr/bin/env bash
# fp32 against bf16 on this CPU, in one JVM, plus PyTorch's yolov3 at batch 1 for the detect ratio:
#   the machine's measured peak in each precision: the faster of a conv (3x3, 256->256, 56x56,
#   batch 32) and a 4096^3 matmul;
#   ResNet-50 inference img/s (batch 32), its weights read from variables ("var") or frozen into
#   graph constants ("const": grappler folds BN and the bf16 cast away, oneDNN caches the reordered
#   filters), the four graphs' runs interleaved; how many of 32 images keep their fp32 top-1 in bf16;
#   ResNet-50 training img/s (batch 16, AdamW); yolov3 416 detect img/s at batch 1;
#   each model's share of the measured peak of its precision (FLOPs counted 2 per multiply-add);
#   PyTorch's torchvision ResNet-50 inference (batch 32, fp32 and bf16 autocast, NCHW and channels_last)
#   in the same run, after cvpipe's, as the peer for the inference rows.
# Goals (issue 14): inference bf16 >= 2x fp32 with the same top-1 on >= 97 %; training >= 1.5x;
# detect >= 1.5x PyTorch at batch 1; >= 60 % of peak.
# Usage: bench/precision.sh [THREADS=2] [INFER_STEPS=4] [TRAIN_STEPS=4] [DETECT_IMAGES=8]
# Needs a CPU with AVX512_BF16 (or AMX) and, for the PyTorch column, Debian's python3-torch
# (apt-get install python3-torch). Other load on the machine skews every number: the load average
# is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}; isteps=${2:-4}; tsteps=${3:-4}; dimages=${4:-8}
py=/usr/bin/python3
grep -qwE 'avx512_bf16|amx_bf16' /proc/cpuinfo || { echo "precision.sh: this CPU has no AVX512_BF16/AMX-BF16: nothing to compare" >&2; exit 1; }
have_torch=true
$py -c 'import torch, torchvision' 2>/dev/null || { have_torch=false; echo "precision.sh: no python3-torch/python3-torchvision (apt-get install python3-torch python3-torchvision): PyTorch rows skipped" >&2; }

[ -f target/cvpipe.jar ] && [ -z "$(find src/main pom.xml -newer target/cvpipe.jar -print -quit)" ] ||
  mvn -q -B -DskipTests package

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TF_CPP_MIN_LOG_LEVEL=3
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
uptime >&2
java -Xmx3g -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "target/cvpipe.jar:target/lib/*" \
  dev.cvpipe.train.PrecisionBenchmark "$threads" "$isteps" "$tsteps" test-data/darknet/yolov3.cfg "$dimages" 2>/dev/null > "$work/java.txt"
torch_detect=""
if $have_torch && [ "$isteps" -gt 0 ]; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_MMAP_MAX_=0 \
    $py bench/resnet50_torch_peer.py "$isteps" "$threads" >> "$work/java.txt"
fi
if $have_torch && [ "$dimages" -gt 0 ]; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_MMAP_MAX_=0 \
    $py bench/detect_torch_peer.py test-data/darknet/yolov3.cfg 416 "$dimages" "$threads" > "$work/torch.txt"
  torch_detect=$(grep -oE '[0-9.]+ img/s' "$work/torch.txt" | head -1 | cut -d' ' -f1)
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
uptime >&2

v() { awk -v k="$1" '$1==k {print $2}' "$work/java.txt"; }
pf=$(v peak_gflops_fp32); pb=$(v peak_gflops_bf16)
# GFLOP per image, darknet's counting (cvpipe model summary): resnet50 224 inference 8.186,
# training ~3x inference; yolov3 416 65.879.
share() { echo "100 * $1 * $2 / $3" | bc -l; }
# a part skipped with 0 steps/images prints nothing or NaN: leave its rows out
have() { local x; x=$(v "$1"); [ -n "$x" ] && [[ "$x" != *[Nn]a[Nn]* ]]; }
printf "%-42s %10s %10s %8s\n" "($threads threads)" fp32 bf16 bf16/fp32
for k in conv_gflops matmul_gflops; do
  printf "%-42s %10.1f %10.1f %7.2fx\n" "$k" "$(v ${k}_fp32)" "$(v ${k}_bf16)" "$(echo "$(v ${k}_bf16) / $(v ${k}_fp32)" | bc -l)"
done
printf "%-42s %10.1f %10.1f %7.2fx\n" "peak GFLOP/s (the faster of the two)" "$pf" "$pb" "$(echo "$pb / $pf" | bc -l)"
for m in resnet50_infer_var_img_per_s resnet50_infer_const_img_per_s resnet50_train_img_per_s yolov3_detect_img_per_s; do
  have ${m}_fp32 && have ${m}_bf16 || continue
  a=$(v ${m}_fp32); b=$(v ${m}_bf16)
  printf "%-42s %10.2f %10.2f %7.2fx\n" "$m" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
have resnet50_infer_const_img_per_s_fp32 && printf "%-42s %10s\n" "resnet50 bf16 same top-1 as fp32 (const)" "$(awk '$1=="resnet50_bf16_same_top1" {print $2}' "$work/java.txt")"
have resnet50_infer_const_img_per_s_fp32 && printf "%-42s %9.0f%% %9.0f%%\n" "resnet50 inference (const) share of peak" \
  "$(share "$(v resnet50_infer_const_img_per_s_fp32)" 8.186 "$pf")" "$(share "$(v resnet50_infer_const_img_per_s_bf16)" 8.186 "$pb")"
have resnet50_train_img_per_s_fp32 && printf "%-42s %9.0f%% %9.0f%%\n" "resnet50 training share of peak" \
  "$(share "$(v resnet50_train_img_per_s_fp32)" 24.56 "$pf")" "$(share "$(v resnet50_train_img_per_s_bf16)" 24.56 "$pb")"
have yolov3_detect_img_per_s_fp32 && printf "%-42s %9.0f%% %9.0f%%\n" "yolov3 detect share of peak" \
  "$(share "$(v yolov3_detect_img_per_s_fp32)" 65.879 "$pf")" "$(share "$(v yolov3_detect_img_per_s_bf16)" 65.879 "$pb")"
if have torch_resnet50_channels_last_img_per_s_fp32; then
  printf "%-42s %10.1f %10.1f %7.2fx\n" "PyTorch conv_gflops (channels_last)" "$(v torch_conv_gflops_fp32)" "$(v torch_conv_gflops_bf16)" \
    "$(echo "$(v torch_conv_gflops_bf16) / $(v torch_conv_gflops_fp32)" | bc -l)"
  for f in nchw channels_last; do
    a=$(v torch_resnet50_${f}_img_per_s_fp32); b=$(v torch_resnet50_${f}_img_per_s_bf16)
    printf "%-42s %10.2f %10.2f %7.2fx\n" "PyTorch resnet50 inference ($f)" "$a" "$b" "$(echo "$b / $a" | bc -l)"
  done
  printf "%-42s %9.2fx %9.2fx\n" "cvpipe (const) / PyTorch channels_last" \
    "$(echo "$(v resnet50_infer_const_img_per_s_fp32) / $(v torch_resnet50_channels_last_img_per_s_fp32)" | bc -l)" \
    "$(echo "$(v resnet50_infer_const_img_per_s_bf16) / $(v torch_resnet50_channels_last_img_per_s_bf16)" | bc -l)"
fi
if [ -n "$torch_detect" ]; then
  printf "%-42s %10.2f   cvpipe bf16 / PyTorch fp32 = %.2fx\n" "PyTorch yolov3 batch 1 img/s (fp32)" "$torch_detect" \
    "$(echo "$(v yolov3_detect_img_per_s_bf16) / $torch_detect" | bc -l)"
fi
