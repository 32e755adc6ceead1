#!/usr/bin/env bash
# Reproducer (not a lit test): the bare-name search blocks forever on a FIFO
# named like a module. lib/Analysis/Locate.cpp, scanDirectory(), reads every
# `*.py` entry that is not a directory with MemoryBuffer::getFile(); open()
# on a FIFO with no writer never returns. Dotted names are not affected
# (SourceRoots::find only accepts regular files).
# Usage: fifo-bare-name.sh [path/to/modcost-opt]. Exits 1 while the bug is
# there (the run is killed after 10 s), 0 once the FIFO is skipped.
set -u
OPT=${1:-$(dirname "$0")/../../../../build/bin/modcost-opt}
T=$(mktemp -d) && trap 'rm -rf "$T"' EXIT
mkdir -p "$T/root/pkg" && mkfifo "$T/root/pkg/pipe.py"
timeout 10 "$OPT" --source-root="$T/root" -o "$T/out" Anything
rc=$?
if [ "$rc" -eq 124 ]; then
  echo "BUG: bare-name search hung on $T/root/pkg/pipe.py (a FIFO)"; exit 1
fi
echo "ok: exit code $rc (expected 3, not found)"; [ "$rc" -eq 3 ]
