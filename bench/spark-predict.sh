#!/usr/bin/env bash
# Benchmark: `cvpipe predict` against the same command on Spark (`spark-submit --master local[2]`),
# on the same images with the same runs, in the same run: wall and CPU seconds (user+sys), the
# Spark job's own time and the executor's model load, result.csv compared byte for byte.
#
#   bench/spark-predict.sh [ROUNDS=2]
#
# Images: 1,000 noisy 320x240 JPEGs of three colours, and the same files 4x (hard links) for the
# 4,000-image runs: the difference between the two sizes is the per-image cost, the rest is fixed.
# Runs: cnn-small (64x64, 2 epochs) and resnet18 (128x128, 1 epoch), trained here on 60 squares.
# Spark: a Spark 3.5.8 home made by spark/make-spark-home.sh (needs spark/target/cvpipe-spark.jar,
# see README "Running on Spark"). Rounds alternate CLI and Spark so background load hits both alike.
set -euo pipefail
. "$(dirname "$0")/needs.sh"
needs java mvn /usr/bin/time py:numpy py:PIL

rounds=${1:-2}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3
jar="$root/spark/target/cvpipe-spark.jar"
[ -f "$jar" ] || { echo "build spark/ first (README, Running on Spark): $jar is missing" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/spark-predict-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

"$root/spark/make-spark-home.sh" spark-home 3.5.8 >&2
"$py" - <<'PY'
import numpy as np, os
from PIL import Image
rng = np.random.default_rng(0)
cols = [(200, 30, 30), (30, 200, 30), (30, 30, 200)]
tr, va = [], []
for c, col in enumerate(cols):
    os.makedirs(f'split/c{c}', exist_ok=True)
    for i in range(20):
        a = np.clip(np.array(col)[None, None, :] + rng.normal(0, 40, (96, 96, 3)), 0, 255).astype(np.uint8)
        Image.fromarray(a).save(f'split/c{c}/{i}.png')
        (va if i < 4 else tr).append(f'c{c}/{i}.png {c}')
open('split/labels.txt', 'w').write('c0\nc1\nc2\n')
open('split/train_list.txt', 'w').write('\n'.join(tr) + '\n')
open('split/val_list.txt', 'w').write('\n'.join(va) + '\n')
os.makedirs('images', exist_ok=True)
for i in range(1000):
    a = np.clip(np.array(cols[i % 3])[None, None, :] + rng.normal(0, 40, (240, 320, 3)), 0, 255).astype(np.uint8)
    Image.fromarray(a).save(f'images/im{i:04d}.jpg', quality=90)
PY
mkdir images4k
for r in 0 1 2 3; do for f in images/*.jpg; do ln "$f" "images4k/$(basename "$f" .jpg)_$r.jpg"; done; done
"$root/bin/cvpipe" -q train --data split --model cnn-small --input 64 --epochs 2 --batch 16 --seed 0 -o cnn >/dev/null
"$root/bin/cvpipe" -q train --data split --model resnet18 --input 128 --epochs 1 --batch 16 --seed 0 -o resnet >/dev/null

for model in resnet cnn; do for dir in images images4k; do for ((r = 1; r <= rounds; r++)); do
  n=$(ls $dir | wc -l)
  echo "$(uptime | sed 's/.*load/load/')"
  /usr/bin/time -f "cli   $model n=$n wall %e s cpu %U+%S s" "$root/bin/cvpipe" predict --model $model --images $dir -o cli.csv >/dev/null 2>cli.err
  tail -1 cli.err
  /usr/bin/time -f "spark $model n=$n wall %e s cpu %U+%S s" env TF_OVERRIDE_GLOBAL_THREADPOOL=1 TF_CPP_MIN_LOG_LEVEL=3 \
    spark-home/bin/spark-submit --master 'local[2]' --class dev.cvpipe.spark.SparkMain "$jar" \
    predict --model $model --images $dir -o spark.csv >/dev/null 2>spark.err
  echo "$(tail -1 spark.err); job $(grep -o 'Job 0 finished.*took [0-9.]*' spark.err | grep -o 'took.*') s; model $(grep -o 'loaded in [0-9]* ms' spark.err)"
  cmp -s cli.csv spark.csv && echo "  result.csv identical" || { echo "  result.csv DIFFERS"; exit 1; }
done; done; done
