#!/usr/bin/env bash
# utils/check.sh - README command 2: set up, build and run the whole test
# suite (the check-modcost target: lit tests and GoogleTest unit tests).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${MODCOST_BUILD_DIR:-$ROOT/build}"
"$ROOT/utils/build.sh" "$BUILD"
LOG="$BUILD/check-modcost.log"
status=0
cmake --build "$BUILD" --target check-modcost 2>&1 | tee "$LOG" || status=$?
passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$LOG" | tail -n1)
failed=$(sed -n 's/^ *Failed *: *\([0-9]*\).*/\1/p' "$LOG" | tail -n1)
echo "check-modcost: ${passed:-0} passed, ${failed:-0} failed"
exit $status
