#!/usr/bin/env bash
# utils/check.sh - README command 2: set up, build and run the whole test
# suite (the check-modcost target: lit tests and GoogleTest unit tests),
# then the whole transformers corpus in one batch run (no crash, no unit over
# budget), the quick benchmarks (printed), then the same suite again on an AddressSanitizer + UndefinedBehaviorSanitizer
# build, which must run clean (any sanitizer report fails the check), then a
# bounded fuzzing run when the fuzzer can be built (utils/fuzz.sh).
# MODCOST_SKIP_SANITIZERS=1 skips the sanitizer build; MODCOST_SKIP_FUZZ=1
# skips fuzzing; MODCOST_SKIP_CORPUS=1 the corpus; MODCOST_SKIP_BENCH=1 the
# benchmarks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${MODCOST_BUILD_DIR:-$ROOT/build}"
"$ROOT/utils/build.sh" "$BUILD"

summary() { # LOG LABEL
  local passed failed
  passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$1" | tail -n1)
  failed=$(sed -n 's/^ *Failed *: *\([0-9]*\).*/\1/p' "$1" | tail -n1)
  echo "$2: ${passed:-0} passed, ${failed:-0} failed"
}

status=0
LOG="$BUILD/check-modcost.log"
cmake --build "$BUILD" --target check-modcost 2>&1 | tee "$LOG" || status=$?
summary "$LOG" "check-modcost"
[ "$status" -eq 0 ] || exit "$status"

# The whole transformers corpus in one batch run (--all) through the
# release build: a crash or a unit over its time budget fails the check. The
# figures are coverage, printed, never asserted (docs/Coverage.md).
TF_SRC="$BUILD/corpora/transformers-5.16.0.dev0/src"
if [ -z "${MODCOST_SKIP_CORPUS:-}" ] && [ -d "$TF_SRC/transformers" ]; then
  COUT="$BUILD/corpus-batch"
  rm -rf "$COUT"
  start=$(date +%s)
  "$BUILD/bin/modcost-opt" --source-root="$TF_SRC" --all=transformers.models \
    -j "$(nproc)" --unit-timeout=120 --format=json -o "$COUT" || status=$?
  echo "transformers corpus batch: $(( $(date +%s) - start )) s"
  sed -n '/^## Summary/,/^| total/p' "$COUT/index.md"
  bad=$(/usr/bin/python3 -c 'import json, sys
units = json.load(open(sys.argv[1]))["units"]
bad = [u for u in units if (u["reason"] or "").startswith(("crash:", "over budget"))]
for u in bad: print(u["name"] + ": " + u["reason"])' "$COUT/index.json") || status=$?
  [ -z "$bad" ] || { echo "$bad"; status=1; }
  echo "transformers corpus: $([ "$status" -eq 0 ] && echo 'no crash, no unit over budget' || echo 'CRASH OR OVER BUDGET')"
  [ "$status" -eq 0 ] || exit "$status"
fi

# Speed figures, printed (never asserted), short in CI.
if [ -z "${MODCOST_SKIP_BENCH:-}" ]; then
  BENCH_QUICK=1 MODCOST_OPT="$BUILD/bin/modcost-opt" "$ROOT/utils/bench.sh" || true
fi

if [ -z "${MODCOST_SKIP_SANITIZERS:-}" ]; then
  SAN="${MODCOST_SANITIZER_BUILD_DIR:-$ROOT/build-asan}"
  if [ ! -f "$SAN/build.ninja" ]; then
    cmake -S "$ROOT" -B "$SAN" -G Ninja -DMODCOST_ENABLE_SANITIZERS=ON
  fi
  cmake --build "$SAN"
  LOGS="$SAN/sanitizer-logs"
  rm -rf "$LOGS" && mkdir -p "$LOGS"
  export ASAN_OPTIONS="log_path=$LOGS/asan:detect_leaks=1:abort_on_error=0"
  export UBSAN_OPTIONS="log_path=$LOGS/ubsan:print_stacktrace=1"
  SLOG="$SAN/check-modcost.log"
  cmake --build "$SAN" --target check-modcost 2>&1 | tee "$SLOG" || status=$?
  summary "$SLOG" "check-modcost (asan+ubsan)"
  if compgen -G "$LOGS/*" >/dev/null; then
    echo "sanitizer reports:" >&2
    head -n 60 "$LOGS"/* >&2
    status=1
  fi
  unset ASAN_OPTIONS UBSAN_OPTIONS
  [ "$status" -eq 0 ] || exit "$status"
fi

if [ -z "${MODCOST_SKIP_FUZZ:-}" ] && [ -x "$ROOT/utils/fuzz.sh" ]; then
  "$ROOT/utils/fuzz.sh" "${MODCOST_FUZZ_SECONDS:-60}" || status=$?
fi
exit "$status"
