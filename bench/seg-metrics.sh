#!/usr/bin/env bash
# Benchmark: `cvpipe seg metrics` against FCN's numpy bincount implementation on the same masks,
# in the same run. Both print the full metric block; JVM and Python start-up are included.
#
#   bench/seg-metrics.sh [PAIRS=1000] [SIZE=512] [CLASSES=6] [ROUNDS=5]
#
# Masks: synthetic 8-bit gray PNGs of class indices (rectangles and ellipses), predictions are
# the truth with shapes added and shifted, a 4-pixel void (255) strip in the truth, --ignore 255.
# Rounds alternate the two tools so background load hits both alike; the medians are compared.
set -euo pipefail
. "$(dirname "$0")/needs.sh"
needs java mvn bc /usr/bin/time py:numpy py:PIL

pairs=${1:-1000}
size=${2:-512}
classes=${3:-6}
rounds=${4:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3   # Debian's python3 with numpy + PIL, not a pyenv one first on PATH
work=$(mktemp -d "${TMPDIR:-/tmp}/seg-metrics-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$root/bin/cvpipe" --version >/dev/null   # builds the jar if needed, outside the timing

echo "generating $pairs pairs of ${size}x${size} masks, $classes classes ..." >&2
"$py" "$root/bench/seg_masks.py" "$work" "$pairs" "$size" "$classes" 1

# Timed: the default output (the seed's metric block + per-class table), as a user runs it.
# --json is used once for the cross-check; it costs ~0.3 s more CPU (Jackson's start-up).
cvpipe_cmd=("$root/bin/cvpipe" -q seg metrics --pred "$work/pred" --gt "$work/gt" --classes "$classes" --ignore 255)
# numpy runs without the OPENBLAS_* overrides this workplace sets for old OpenBLAS builds (they slow a current numpy)
numpy_cmd=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" "$root/bench/seg_metrics_numpy.py" "$work/pred" "$work/gt" "$classes")

# Same numbers from both, or the timing means nothing.
"${cvpipe_cmd[@]}" --json >"$work/cvpipe.json"
"${numpy_cmd[@]}" >"$work/numpy.json"
"$py" - "$work/cvpipe.json" "$work/numpy.json" <<'PY'
import json, math, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("acc", "acc_cls", "miou", "fwavacc"):
    assert math.isclose(a[k], b[k], rel_tol=1e-12), (k, a[k], b[k])
assert all((x is None and y is None) or math.isclose(x, y, rel_tol=1e-12) for x, y in zip(a["iou"], b["iou"]))
print("cross-check: cvpipe and numpy agree (acc %.6f, miou %.6f)" % (a["acc"], a["miou"]), file=sys.stderr)
PY

now() { date +%s.%N; }
: >"$work/times"
for ((r = 1; r <= rounds; r++)); do
  for tool in cvpipe numpy; do
    [ $((r % 2)) -eq 0 ] && tool=$([ "$tool" = cvpipe ] && echo numpy || echo cvpipe)
    t0=$(now)
    if [ "$tool" = cvpipe ]; then
      /usr/bin/time -o "$work/cpu" -f "%U %S" "${cvpipe_cmd[@]}" >/dev/null
    else
      /usr/bin/time -o "$work/cpu" -f "%U %S" "${numpy_cmd[@]}" >/dev/null
    fi
    t1=$(now)
    echo "$tool $(echo "$t1 - $t0" | bc -l) $(cat "$work/cpu")" >>"$work/times"
    echo "  round $r $tool $(tail -1 "$work/times" | cut -d' ' -f2) s" >&2
  done
done

"$py" - "$work/times" "$pairs" "$size" <<'PY'
import os, statistics, sys
times, cpu = {}, {}
for line in open(sys.argv[1]):
    tool, t, user, system = line.split()
    times.setdefault(tool, []).append(float(t))
    cpu.setdefault(tool, []).append(float(user) + float(system))
pairs, size = int(sys.argv[2]), int(sys.argv[3])
med = {k: statistics.median(v) for k, v in times.items()}
mcpu = {k: statistics.median(v) for k, v in cpu.items()}
for k in ("cvpipe", "numpy"):
    print("%-7s median %6.3f s wall (%s)  %7.1f pairs/s; median CPU (user+sys) %.2f s"
          % (k, med[k], " ".join("%.2f" % t for t in times[k]), pairs / med[k], mcpu[k]))
print("load average at the end: %s (on %d CPUs)" % (open("/proc/loadavg").read().split()[0], os.cpu_count()))
print("ratio: cvpipe throughput = %.2fx numpy (%d pairs of %dx%d, JVM/Python start included); numpy used %.2fx the CPU time of cvpipe"
      % (med["numpy"] / med["cvpipe"], pairs, size, size, mcpu["numpy"] / mcpu["cvpipe"]))
PY
