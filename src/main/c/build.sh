#!/usr/bin/env bash
# Builds image.NativeCodec's shim (cvpipe_codec.c) during `mvn process-classes`, into the classes folder
# so that it ships inside cvpipe.jar. Headers and the library it links against come out of leptonica's
# linux-x86_64 jar (libjpeg-turbo inside libleptonica.so.6), the JNI headers out of the JDK running
# Maven. Without gcc, the JNI headers or that jar it says so in one line and builds nothing: cvpipe then
# uses leptonica's own JPEG reader and writer (same pixels and bytes, slower). Never fails the build.
# OUT_DIR/status.txt says "built" or "skipped: REASON" (NativeCodecTest fails on any reason but no gcc).
# Usage: build.sh LEPTONICA_NATIVE_JAR OUT_DIR JAVA_HOME WORK_DIR (headers and library unpacked there)
set -uo pipefail
jar=$1 out=$2 jdk=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
skip() {
  echo "[cvpipe] native codec shim not built: $1; cvpipe uses leptonica's JPEG reader/writer and its own PNG row loop instead" >&2
  rm -f "$out/libcvpipe-codec.so"
  echo "skipped: $1" > "$out/status.txt"
  exit 0
}
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || skip "not linux-x86_64"
command -v gcc >/dev/null || skip "no gcc"
[ -f "$jdk/include/jni.h" ] || { [ -f "$jdk/../include/jni.h" ] && jdk="$jdk/.."; } || true
[ -f "$jdk/include/jni.h" ] || skip "no JNI headers under $jdk/include"
[ -f "$jar" ] || skip "no $jar"
mkdir -p "$work"
lib="$out/libcvpipe-codec.so"
[ -f "$lib" ] && [ "$lib" -nt "$here/cvpipe_codec.c" ] && [ "$lib" -nt "$jar" ] && [ -f "$out/status.txt" ] && exit 0
(cd "$work" && unzip -qo "$jar" 'org/bytedeco/leptonica/linux-x86_64/include/j*.h' 'org/bytedeco/leptonica/linux-x86_64/include/z*.h' 'org/bytedeco/leptonica/linux-x86_64/libleptonica.so.6') \
  || skip "cannot unpack $jar"
l="$work/org/bytedeco/leptonica/linux-x86_64"
gcc -O2 -Wall -Wextra -Werror -shared -fPIC -I"$jdk/include" -I"$jdk/include/linux" -I"$l/include" \
  "$here/cvpipe_codec.c" -o "$lib.tmp" "$l/libleptonica.so.6" || { rm -f "$lib.tmp"; skip "gcc failed"; }
mv "$lib.tmp" "$lib"
echo built > "$out/status.txt"
