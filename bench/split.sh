#!/usr/bin/env bash
# cvpipe split vs the cat-12 article's own way (read the list, shutil copy into 00..11), on a
# cat-12-sized synthetic set: 2,160 files of 30 KB, 2,039 of them listed, 12 classes.
# Usage: bench/split.sh [WORKDIR]   (needs hyperfine and Debian's /usr/bin/python3)
set -euo pipefail
. "$(dirname "$0")/needs.sh"
needs java mvn hyperfine /usr/bin/python3
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
py=/usr/bin/python3
mkdir -p "$work/cat_12_train"
if [ ! -f "$work/train_list.txt" ]; then
  "$py" - "$work" <<'PY'
import os, random, sys
work = sys.argv[1]
rnd = random.Random(1)
with open(os.path.join(work, "train_list.txt"), "w", newline="") as lst:
    for i in range(2160):
        name = "%032x.jpg" % rnd.getrandbits(128)
        with open(os.path.join(work, "cat_12_train", name), "wb") as f:
            f.write(rnd.randbytes(30_000))
        if i < 2039:
            lst.write("cat_12_train/%s\t%d\r\n" % (name, i % 12))
PY
fi
cat > "$work/article.py" <<'PY'
# The article's section 3.2 with shutil.copy instead of move (so it can be repeated).
import os, shutil, sys
work, out = sys.argv[1], sys.argv[2]
for i in range(12):
    os.makedirs(os.path.join(out, "%02d" % i), exist_ok=True)
with open(os.path.join(work, "train_list.txt"), encoding="utf-8-sig") as f:
    for line in f:
        name, cls = line.strip().split("\t")
        name = name.split("/")[-1]
        shutil.copy(os.path.join(work, "cat_12_train", name), os.path.join(out, "%02d" % int(cls), name))
PY
"$root/bin/cvpipe" --version >/dev/null   # build once, outside the timing
hyperfine --warmup 1 --runs 5 \
  --prepare "rm -rf $work/out-cvpipe $work/out-py" \
  -n "cvpipe split (copy, lists, split.json)" \
  "$root/bin/cvpipe split -q --list $work/train_list.txt --images $work/cat_12_train -o $work/out-cvpipe --num-classes 12 --val 0.1 > /dev/null 2>&1 || test \$? -eq 3" \
  -n "python article loop (shutil.copy, no lists)" \
  "$py $work/article.py $work $work/out-py"
hyperfine --warmup 1 --runs 5 -n "cvpipe split, second identical run (nothing to do)" \
  "$root/bin/cvpipe split -q --list $work/train_list.txt --images $work/cat_12_train -o $work/out-cvpipe --num-classes 12 --val 0.1 > /dev/null 2>&1"
