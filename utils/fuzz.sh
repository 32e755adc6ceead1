#!/usr/bin/env bash
# utils/fuzz.sh [SECONDS] [LIBFUZZER-FLAG...] - build modcost's libFuzzer
# target in build-fuzz/ (clang-14, ASan+UBSan, coverage-instrumented
# libraries) and fuzz the parse -> locate -> prune -> emit pipeline for
# SECONDS (default 60). See docs/Testing.md, "Fuzzing".
#
# The corpus lives in build-fuzz/fuzz/corpus/: it is seeded with every
# test/**/Inputs/**/*.py and keeps what libFuzzer adds, so later runs start
# where earlier ones stopped. Findings go to build-fuzz/fuzz/artifacts/.
# Extra arguments are passed to libFuzzer (for example -fork=2, -dict=...).
#
# Exits non-zero on any crash, leak, timeout, out-of-memory or sanitizer
# report. Works as root on Debian bookworm; installs clang-14 and its
# libFuzzer runtime (libclang-rt-14-dev) when they are missing.
set -euo pipefail

DURATION=${1:-60}
shift || true
if ! [[ "$DURATION" =~ ^[0-9]+$ ]] || [ "$DURATION" -eq 0 ]; then
  echo "usage: utils/fuzz.sh [SECONDS] [LIBFUZZER-FLAG...]" >&2
  exit 2
fi

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${MODCOST_FUZZ_BUILD_DIR:-$SRC/build-fuzz}
FUZZER=$BUILD/bin/modcost-fuzz-pipeline
WORK=$BUILD/fuzz
CORPUS=$WORK/corpus
ARTIFACTS=$WORK/artifacts
LOG=$WORK/last-run.log

# --- toolchain -------------------------------------------------------------
# clang-14 finds libFuzzer in libclang-rt-14-dev; llvm-14 brings
# llvm-symbolizer for readable sanitizer stack traces. (Debian's separate
# libfuzzer-14-dev is only for linking libFuzzer.a by hand; not needed.)
fuzzer_rt() {
  ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null | head -n1
}
if ! command -v clang++-14 >/dev/null 2>&1 || [ -z "$(fuzzer_rt)" ] ||
   [ ! -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=sudo
    else
      echo "fuzz.sh: need root (or sudo) to install clang-14 libclang-rt-14-dev llvm-14" >&2
      exit 1
    fi
  fi
  echo "fuzz.sh: installing clang-14 libclang-rt-14-dev llvm-14"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends clang-14 libclang-rt-14-dev llvm-14
fi
if [ -z "$(fuzzer_rt)" ]; then
  echo "fuzz.sh: libFuzzer runtime (libclang_rt.fuzzer-x86_64.a) not found" >&2
  exit 1
fi

# --- one run per build directory -------------------------------------------
# Two runs on one build-fuzz/ would rebuild under each other and share the
# corpus and artifacts; the second waits for the first.
mkdir -p "$WORK"
exec 9>"$WORK/.lock"
if ! flock -n 9; then
  echo "fuzz.sh: waiting for the other fuzz.sh run on $BUILD"
  flock 9
fi

# --- build -----------------------------------------------------------------
# Reuse the grammar tarball the normal build fetched, so no npm is needed.
TSP=third_party/tree-sitter-python
if [ -d "$SRC/build/$TSP" ] && [ ! -d "$BUILD/$TSP" ]; then
  mkdir -p "$BUILD/$TSP"
  cp "$SRC/build/$TSP"/*.tgz "$BUILD/$TSP"/ 2>/dev/null || true
fi
CC=clang-14 CXX=clang++-14 cmake -S "$SRC" -B "$BUILD" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMODCOST_ENABLE_SANITIZERS=ON -DMODCOST_BUILD_FUZZERS=ON \
  -DMODCOST_BUILD_TESTS=OFF >/dev/null
targets=$(ninja -C "$BUILD" -t targets all 2>/dev/null || true)
if ! grep -q '^modcost-fuzz-pipeline:' <<<"$targets"; then
  echo "fuzz.sh: no modcost-fuzz-pipeline target; the top-level CMakeLists.txt" \
       "must declare MODCOST_BUILD_FUZZERS and add_subdirectory(fuzz)" >&2
  exit 1
fi
ninja -C "$BUILD" modcost-fuzz-pipeline

# --- corpus ----------------------------------------------------------------
mkdir -p "$CORPUS" "$ARTIFACTS"
seeds=0
while IFS= read -r -d '' f; do
  rel=${f#"$SRC"/test/}
  name=seed-${rel//\//_}
  cp -n "$f" "$CORPUS/$name" 2>/dev/null || true
  seeds=$((seeds + 1))
done < <(find "$SRC/test" -path '*/Inputs/*' -name '*.py' -type f -print0)
# The transformers corpus (unpacked by CMake into the release build) seeds
# real modeling files too: the 100 smallest models/*/modeling_*.py under
# 24 KB, a fixed choice, copied into the fuzz corpus (never the repository).
TF_MODELS=${MODCOST_TRANSFORMERS_DIR:-$SRC/build/corpora/transformers-5.16.0.dev0/src}/transformers/models
if [ -d "$TF_MODELS" ]; then
  while IFS= read -r f; do
    rel=${f#"$TF_MODELS"/}
    cp -n "$f" "$CORPUS/seed-transformers_${rel//\//_}" 2>/dev/null || true
    seeds=$((seeds + 1))
  done < <(find "$TF_MODELS" -name 'modeling_*.py' -type f -size -24k \
             -printf '%s %p\n' | sort -n -k1,1 -k2 | head -n 100 | cut -d' ' -f2-)
fi
echo "fuzz.sh: $seeds seed file(s) from test/**/Inputs and transformers; corpus has" \
     "$(find "$CORPUS" -type f | wc -l) file(s)"

# --- run -------------------------------------------------------------------
# The target keeps its source root in $TMPDIR; give it one of its own that
# this run removes (a crashed target cannot clean up after itself).
export TMPDIR
TMPDIR=$(mktemp -d "$WORK/tmp.XXXXXX")
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
before=$(find "$ARTIFACTS" -type f | wc -l)

set +e
"$FUZZER" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
  -max_total_time="$DURATION" -print_final_stats=1 \
  -dict="$SRC/fuzz/python.dict" -artifact_prefix="$ARTIFACTS/" \
  "$@" "$CORPUS" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
rm -rf "$TMPDIR"

after=$(find "$ARTIFACTS" -type f | wc -l)
reports=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$LOG" || true)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOG" | tail -n1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$LOG" | tail -n1)
echo "fuzz.sh: ${DURATION}s, ${execs:-?} executions (${speed:-?}/s)," \
     "corpus $(find "$CORPUS" -type f | wc -l) file(s)," \
     "$((after - before)) new artifact(s), exit $rc; log: $LOG"
if [ "$rc" -ne 0 ] || [ "$after" -ne "$before" ] || [ "$reports" -ne 0 ]; then
  echo "fuzz.sh: FAILED: see $LOG and $ARTIFACTS/" >&2
  exit 1
fi
echo "fuzz.sh: no crash, leak, timeout or sanitizer report"
