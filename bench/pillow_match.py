#!/usr/bin/python3
"""Compares cvpipe's RGB decode with Pillow's Image.open(p).convert('RGB'), file by file.

Usage (from the project root, after `mvn -q -DskipTests package`):
    bench/pillow-match.sh [DIR...]     (default: ../shared/corpora/pillow-test-images)
Prints the exact-match rate per Pillow mode, then every file that differs or fails on one side.
"""
import collections, hashlib, subprocess, sys, warnings
from PIL import Image

warnings.simplefilter("ignore")
import os
dirs = sys.argv[1:] or [next((d for d in ("../shared/corpora/pillow-test-images", "../../shared/corpora/pillow-test-images") if os.path.isdir(d)), "../shared/corpora/pillow-test-images")]
ours = {}
# JAVA_HOME picks the JDK (e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64); JAVA_OPTS is passed on
# (e.g. -Dcvpipe.nativeJpeg=false to check the JDK fallback path).
java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
res = subprocess.run([java, *os.environ.get("JAVA_OPTS", "").split(), "-cp", "target/classes:target/lib/*", "bench/DumpRgb.java", *dirs],
                     capture_output=True, text=True, check=True)
for line in res.stdout.splitlines():
    f = line.split("\t")
    ours[f[0]] = f[1:]

per_mode = collections.defaultdict(lambda: [0, 0])
problems = []
for path, o in sorted(ours.items()):
    try:
        im = Image.open(path)
        mode = f"{im.format}/{im.mode}"
        rgb = im.convert("RGB")
        pil = ("ok", rgb.size, hashlib.sha256(rgb.tobytes()).hexdigest())
    except Exception as e:
        mode, pil = "refused", ("error", type(e).__name__ + ": " + str(e)[:80])
    stat = per_mode[mode]
    stat[1] += 1
    if pil[0] == "ok" and o[0] == "ok":
        same = (int(o[1]), int(o[2])) == pil[1] and o[3] == pil[2]
        stat[0] += same
        if not same:
            problems.append(f"DIFF   {path} ({mode}; ours {o[1]}x{o[2]}, Pillow {pil[1][0]}x{pil[1][1]})")
    elif pil[0] == "error" and o[0] == "error":
        stat[0] += 1
    elif pil[0] == "ok":
        problems.append(f"OURS-ERR {path} ({mode}): {o[1]}")
    else:
        problems.append(f"PIL-ERR  {path}: Pillow {pil[1]}; we decode it as {o[-1]}")

total = [0, 0]
print(f"{'Pillow format/mode':<18} {'files':>5} {'exact':>5}  rate")
for mode, (ok, n) in sorted(per_mode.items(), key=lambda kv: -kv[1][1]):
    print(f"{mode:<18} {n:>5} {ok:>5}  {100.0 * ok / n:6.2f}%")
    total[0] += ok; total[1] += n
print(f"{'all':<18} {total[1]:>5} {total[0]:>5}  {100.0 * total[0] / total[1]:6.2f}%")
print("('refused' = Pillow cannot open/convert it; counted exact when we refuse too)")
for p in problems:
    print(p)
