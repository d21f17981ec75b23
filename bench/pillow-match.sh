#!/usr/bin/env bash
# Exact-match rate of cvpipe's decoder against Pillow (Debian /usr/bin/python3), per mode.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d target/classes ] || mvn -q -B -DskipTests package
exec /usr/bin/python3 bench/pillow_match.py "$@"
