#!/usr/bin/env bash
# to-rgb vs the Pillow loop it replaces, on the same work, in the same run, JVM start included.
#   bench/to-rgb.sh [N_IMAGES=450] [RUNS=5]
# Makes N mixed-mode ~500x375 images (bench/make_bench_images.py, seeded: RGB/L/CMYK JPEG, P/RGBA/LA/
# 16-bit/RGB PNG, PNG and GIF named .jpg) once, then times with hyperfine (median of RUNS):
#   same outputs:  cvpipe to-rgb IMAGES -o OUT --format jpeg --quality 95 --force
#                  Pillow: Image.open(p).convert('RGB').save(OUT/stem.jpg, quality=95)
#                  -> both write every image as JPEG q95; the outputs are compared byte for byte after.
#   keep mode:     cvpipe to-rgb IMAGES -o OUT   (copies files already 8-bit RGB, converts the rest)
#                  Pillow: convert('RGB').save(OUT/name) in the format cvpipe writes (JPEG q95 / PNG)
#   per mode:      the same-outputs pair on each kind of image alone (RUNS_MODE=3 runs each)
#   alternating:   the same-outputs pair again, cvpipe and Pillow run by run (ALT_RUNS, default RUNS),
#                  a sync before each: the ratio to trust on a host whose speed drifts
# then `inspect` of 2,400 files. "JVM start" is the same command over an empty folder. The machine
# load (uptime) is printed before and after: on a shared machine only the ratios of one run mean
# anything, and CPU seconds (user + system) suffer less from load than wall time. With -o, cvpipe makes
# its outputs durable with one syncfs at the end of the run (Pillow's loop never flushes);
# BENCH_OUT=/dev/shm/x puts the outputs of both sides on tmpfs to compare the codecs alone.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-450}
runs=${2:-5}
runs_mode=${RUNS_MODE:-3}
work=${BENCH_DIR:-/tmp/cvpipe-bench}
out=${BENCH_OUT:-$work}
py=/usr/bin/python3

missing=()
command -v hyperfine >/dev/null || missing+=("hyperfine          (apt-get install hyperfine)")
[ -x "$py" ] && "$py" -c 'import PIL' 2>/dev/null || missing+=("python3 + Pillow   (apt-get install python3-pil: Debian's /usr/bin/python3 is the peer)")
command -v cmp >/dev/null || missing+=("cmp                (apt-get install diffutils)")
command -v mvn >/dev/null || missing+=("maven + JDK 17     (apt-get install maven openjdk-17-jdk)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/to-rgb.sh: missing tools:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi

img="$work/images-$n"
empty="$work/empty"   # JVM start: the same command over no images (--version builds every command's model)
mkdir -p "$work" "$out" "$empty"
[ -d "$img" ] || $py bench/make_bench_images.py "$img" "$n"
mvn -q -B -DskipTests package
echo "load before: $(uptime)"
bin/cvpipe to-rgb --verbose "$img" -o "$work/probe" --dry-run --csv 2>&1 >/dev/null | grep "JPEG codec" || true

cat > "$work/pillow_loop.py" <<'PY'
import os, sys
from PIL import Image
src, dst, mode = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(dst, exist_ok=True)
for name in sorted(os.listdir(src)):
    im = Image.open(os.path.join(src, name))
    if mode == "jpeg":   # every image as JPEG q95, named as cvpipe --format jpeg names it
        im.convert('RGB').save(os.path.join(dst, name.rsplit('.', 1)[0] + '.jpg'), 'JPEG', quality=95)
    else:                # keep: the real format (GIF/WebP become PNG, as cvpipe writes them), same name
        fmt = 'PNG' if im.format in ('GIF', 'WEBP') else im.format
        out = name if fmt == im.format else name.rsplit('.', 1)[0] + '.png'
        im.convert('RGB').save(os.path.join(dst, out), fmt, **({'quality': 95} if fmt == 'JPEG' else {}))
PY

# per command of a hyperfine JSON export: name, median wall seconds, mean CPU seconds (user + system)
medians() { $py -c 'import json,sys; [print(r["command"], r["median"], r["user"] + r["system"]) for r in json.load(open(sys.argv[1]))["results"]]' "$1"; }

hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$work/to-rgb.json" \
  --prepare "rm -rf $out/out-cv $out/out-cvj $out/out-pil $out/out-pilj" \
  -n cvpipe-jpeg "bin/cvpipe to-rgb $img -o $out/out-cvj -q --format jpeg --quality 95 --force" \
  -n pillow-jpeg "$py $work/pillow_loop.py $img $out/out-pilj jpeg" \
  -n cvpipe-keep "bin/cvpipe to-rgb $img -o $out/out-cv -q" \
  -n pillow-keep "$py $work/pillow_loop.py $img $out/out-pil keep" \
  -n startup "bin/cvpipe to-rgb $empty -o $out/out-empty -q" >&2
echo "load after:  $(uptime)"

# hyperfine's --prepare emptied the output folders: write both once more, then compare them
rm -rf "$out/out-cvj" "$out/out-pilj"
bin/cvpipe to-rgb "$img" -o "$out/out-cvj" -q --format jpeg --quality 95 --force >/dev/null
$py "$work/pillow_loop.py" "$img" "$out/out-pilj" jpeg
same=0; differ=0
for f in "$out/out-pilj"/*; do
  if cmp -s "$f" "$out/out-cvj/$(basename "$f")"; then same=$((same + 1)); else differ=$((differ + 1)); fi
done
$py - "$n" "$same" "$differ" <<PY
import sys
r, cpu = {}, {}
for line in """$(medians "$work/to-rgb.json")""".splitlines():
    k, v, c = line.split(); r[k] = float(v); cpu[k] = float(c)
n, same, differ = map(int, sys.argv[1:])
print(f"{n} mixed-mode images, median of $runs runs, JVM start ({r['startup']:.2f} s, CPU {cpu['startup']:.2f} s) included:")
for k in ("cvpipe-jpeg", "pillow-jpeg", "cvpipe-keep", "pillow-keep"):
    print(f"  {k:12s} {r[k]:6.2f} s  {n / r[k]:7.1f} images/s   CPU {cpu[k]:5.2f} s")
print(f"  all JPEG q95: {r['pillow-jpeg'] / r['cvpipe-jpeg']:.2f}x Pillow (goal >= 1.5x); outputs byte-identical: {same}/{same + differ}")
print(f"  keep mode:    {r['pillow-keep'] / r['cvpipe-keep']:.2f}x Pillow (goal >= 2x; cvpipe copies files already RGB, PNG at zlib level 1)")
PY

# The same pair again, alternating cvpipe and Pillow run by run (hyperfine runs all of one command,
# then all of the other, so a host whose speed drifts skews its ratio), with a sync before each run so
# that neither pays for the other's write-back (cvpipe's syncfs at the end of a run would flush
# Pillow's dirty outputs too). Medians of wall seconds.
alt_runs=${ALT_RUNS:-$runs}
cvw=(); pilw=()
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
for i in $(seq "$alt_runs"); do
  rm -rf "$out/out-cvj" "$out/out-pilj"; sync
  cvw+=("$(secs bin/cvpipe to-rgb "$img" -o "$out/out-cvj" -q --format jpeg --quality 95 --force)")
  sync
  pilw+=("$(secs $py "$work/pillow_loop.py" "$img" "$out/out-pilj" jpeg)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
cm=$(median "${cvw[@]}"); pm=$(median "${pilw[@]}")
printf "  all JPEG q95, alternating runs (%d each, sync before each): cvpipe %.2f s, Pillow %.2f s = %.2fx\n" \
  "$alt_runs" "$cm" "$pm" "$(echo "$pm / $cm" | bc -l)"

# per mode: each kind of image alone, all JPEG q95
echo "per mode (all JPEG q95, median of $runs_mode runs; CPU ms per image, cvpipe's JVM start CPU subtracted):"
for kind in rgb_jpg l_jpg cmyk_jpg p_png_as_jpg gif_as_jpg rgba_png la_png i16_png rgb_png; do
  compgen -G "$img/*_$kind.*" >/dev/null || continue
  sub="$work/kind-$n/$kind"
  if [ ! -d "$sub" ]; then mkdir -p "$sub"; ln -s "$img"/*_"$kind".* "$sub"/; fi
  k=$(ls "$sub" | wc -l)
  hyperfine --style none --runs "$runs_mode" --warmup 1 --export-json "$work/kind.json" \
    --prepare "rm -rf $out/out-k-cv $out/out-k-pil" \
    -n cv "bin/cvpipe to-rgb $sub -o $out/out-k-cv -q --format jpeg --quality 95 --force" \
    -n pil "$py $work/pillow_loop.py $sub $out/out-k-pil jpeg" >/dev/null 2>&1
  $py - "$kind" "$k" <<PY
import sys
r, cpu = {}, {}
for line in """$(medians "$work/kind.json")""".splitlines():
    a, b, c = line.split(); r[a] = float(b); cpu[a] = float(c)
kind, k = sys.argv[1], int(sys.argv[2])
start = $( medians "$work/to-rgb.json" | awk '$1=="startup"{print $3}' )
cv_ms, pil_ms = 1000 * (cpu['cv'] - start) / k, 1000 * cpu['pil'] / k
print(f"  {kind:13s} {k:4d} files  cvpipe {k / r['cv']:6.1f} img/s {cv_ms:6.2f} ms CPU/img"
      f"   Pillow {k / r['pil']:6.1f} img/s {pil_ms:6.2f} ms CPU/img   wall {r['pil'] / r['cv']:.2f}x")
PY
done
echo "load after per-mode: $(uptime)"

# inspect, header-only, 2,400 files (the images above, repeated as links in one folder)
many="$work/inspect-2400"
if [ ! -d "$many" ]; then
  mkdir -p "$many"
  files=("$img"/*)
  for i in $(seq 0 2399); do ln -s "${files[$((i % ${#files[@]}))]}" "$many/$(printf %04d $i)_$(basename "${files[$((i % ${#files[@]}))]}")"; done
fi
hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$work/inspect.json" \
  -n startup "bin/cvpipe inspect $empty --csv -q" \
  -n inspect-2400 "bin/cvpipe inspect $many --csv -q" >&2
$py - "$work/inspect.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"inspect 2,400 files: {r['inspect-2400']:.2f} s total, JVM start ({r['startup']:.2f} s) excluded: {r['inspect-2400'] - r['startup']:.2f} s  (goal < 1 s)")
PY
