#!/usr/bin/env bash
# to-rgb --format jpeg --quality 95 against Pillow 9.4's convert('RGB').save(quality=95), file by file,
# byte for byte (pixels, quantisation, Huffman tables, JFIF header and the comment Pillow carries over).
#   bench/jpeg-match.sh [FOLDER=../shared/corpora/pillow-test-images]
# Every file under FOLDER (recursively) is converted by both; files Pillow cannot open are counted apart.
set -euo pipefail
. "$(dirname "$0")/needs.sh"
needs java mvn py:PIL
cd "$(dirname "$0")/.."
src=$(cd "${1:-../shared/corpora/pillow-test-images}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# one flat folder of links, named by path hash, so both sides see the same names and no name clashes
mkdir "$work/in"
find "$src" -type f | while read -r f; do
  ln -s "$f" "$work/in/$(printf '%s' "$f" | md5sum | cut -c1-12).$(printf '%s' "${f##*.}" | tr 'A-Z' 'a-z')"
done
bin/cvpipe to-rgb "$work/in" -o "$work/cvpipe" -q --format jpeg --quality 95 --force >/dev/null 2>"$work/bad.txt" || true
echo "cvpipe: $(wc -l < "$work/bad.txt") files reported bad"
/usr/bin/python3 bench/jpeg_match.py "$work/in" "$work/cvpipe" "$work/pillow" 2>/dev/null
