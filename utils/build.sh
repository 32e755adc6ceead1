#!/usr/bin/env bash
# utils/build.sh - bootstrap the machine, configure (once) and build modcost.
# Usage: utils/build.sh [BUILD_DIR] [extra cmake -D options...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
shift || true
"$ROOT/utils/bootstrap.sh"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja "$@"
fi
cmake --build "$BUILD"
