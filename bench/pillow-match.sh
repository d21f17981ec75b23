#!/usr/bin/env bash
# Exact-match rate of cvpipe's decoder against Pillow (Debian /usr/bin/python3), per mode.
set -euo pipefail
. "$(dirname "$0")/needs.sh"
needs java mvn py:PIL
cd "$(dirname "$0")/.."
[ -d target/classes ] || mvn -q -B -DskipTests package
exec /usr/bin/python3 bench/pillow_match.py "$@"
