#!/usr/bin/env bash
# Run by the root pom at the end of `mvn verify` (after the CLI's own tests): makes the freshly built
# cvpipe jar resolvable as dev.cvpipe:cvpipe:0.1.0 (installs it in the local Maven repository) and
# builds and tests spark/ against it.
# Args: MVN offline=B skipTests=B skipITs=B maven.test.skip=B cvpipe.spark.skip=B  (B: true or false)
set -euo pipefail
mvn_bin=$1
shift
flags=(-B)
for arg in "$@"; do
  case "$arg" in
    offline=true) flags+=(-o) ;;
    *=true) echo "[cvpipe-spark] skipped (${arg%=true})"; exit 0 ;;
  esac
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$mvn_bin" "${flags[@]}" -q org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file -f "$root/pom.xml" \
  -Dfile="$root/target/cvpipe.jar" -DpomFile="$root/pom.xml"
exec "$mvn_bin" "${flags[@]}" -f "$root/spark/pom.xml" verify
