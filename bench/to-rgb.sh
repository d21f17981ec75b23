#!/usr/bin/env bash
# to-rgb vs the Pillow loop it replaces, in the same run, JVM start included.
#   bench/to-rgb.sh [N_IMAGES=450] [RUNS=5]
# Makes N mixed-mode ~500x375 images (bench/make_bench_images.py, seeded) once, then times
#   cvpipe:  bin/cvpipe to-rgb IMAGES -o OUT            (--format keep, the default)
#   cvpipe:  bin/cvpipe to-rgb IMAGES -o OUT --format jpeg
#   Pillow:  for p in IMAGES: Image.open(p).convert('RGB').save(OUT/name)   (Debian /usr/bin/python3)
# with hyperfine (median of RUNS), prints the throughput ratio, then times `inspect` of 2,400 files.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-450}
runs=${2:-5}
work=${BENCH_DIR:-/tmp/cvpipe-bench}
py=/usr/bin/python3
img="$work/images-$n"
mkdir -p "$work"
[ -d "$img" ] || $py bench/make_bench_images.py "$img" "$n"
mvn -q -B -DskipTests package
cat > "$work/pillow_loop.py" <<'PY'
import os, sys
from PIL import Image
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
for name in sorted(os.listdir(src)):
    Image.open(os.path.join(src, name)).convert('RGB').save(os.path.join(dst, name))
PY
hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$work/to-rgb.json" \
  --prepare "rm -rf $work/out-cv $work/out-cvj $work/out-pil" \
  -n cvpipe-keep "bin/cvpipe to-rgb $img -o $work/out-cv -q" \
  -n cvpipe-jpeg "bin/cvpipe to-rgb $img -o $work/out-cvj -q --format jpeg" \
  -n pillow "$py $work/pillow_loop.py $img $work/out-pil" >&2
$py - "$work/to-rgb.json" "$n" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
n = int(sys.argv[2])
for k in ("cvpipe-keep", "cvpipe-jpeg", "pillow"):
    print(f"{k:12s} median {r[k]:6.2f} s  {n / r[k]:7.1f} images/s")
print(f"speed-up vs Pillow: keep {r['pillow'] / r['cvpipe-keep']:.2f}x, jpeg {r['pillow'] / r['cvpipe-jpeg']:.2f}x  (goal >= 2x)")
PY

# inspect, header-only, 2,400 files (the images above, repeated as links in one folder)
many="$work/inspect-2400"
if [ ! -d "$many" ]; then
  mkdir -p "$many"
  files=("$img"/*)
  for i in $(seq 0 2399); do ln -s "${files[$((i % ${#files[@]}))]}" "$many/$(printf %04d $i)_$(basename "${files[$((i % ${#files[@]}))]}")"; done
fi
hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$work/inspect.json" \
  -n startup "bin/cvpipe --version" \
  -n inspect-2400 "bin/cvpipe inspect $many --csv -q" >&2
$py - "$work/inspect.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"inspect 2,400 files: {r['inspect-2400']:.2f} s total, JVM start ({r['startup']:.2f} s) excluded: {r['inspect-2400'] - r['startup']:.2f} s  (goal < 1 s)")
PY
