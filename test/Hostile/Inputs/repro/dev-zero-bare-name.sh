#!/usr/bin/env bash
# Reproducer (not a lit test): the bare-name search reads a `*.py` symlink
# to /dev/zero until memory runs out ("LLVM ERROR: out of memory", abort,
# exit 134). lib/Analysis/Locate.cpp, scanDirectory(), calls
# MemoryBuffer::getFile() on every non-directory `*.py`; a character device
# has no end. Dotted names are not affected (SourceRoots::find only accepts
# regular files). Memory is capped at 2 GB here so the run ends quickly.
# Usage: dev-zero-bare-name.sh [path/to/modcost-opt]. Exits 1 while the bug
# is there, 0 once non-regular files are skipped.
set -u
OPT=${1:-$(dirname "$0")/../../../../build/bin/modcost-opt}
T=$(mktemp -d) && trap 'rm -rf "$T"' EXIT
mkdir -p "$T/root/pkg" && ln -s /dev/zero "$T/root/pkg/zero.py"
(ulimit -v 2000000; exec timeout 60 "$OPT" --source-root="$T/root" -o "$T/out" Anything) >"$T/log" 2>&1
rc=$?
head -n 2 "$T/log"
if [ "$rc" -ne 3 ]; then
  echo "BUG: exit code $rc on a *.py symlink to /dev/zero (expected 3, not found)"; exit 1
fi
echo "ok: exit code 3"
