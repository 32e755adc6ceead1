#!/usr/bin/env bash
# Reproducer (not a lit test): a valid dotted name longer than a file name
# may be (NAME_MAX, 255 bytes on Linux) is analyzed, then its outputs cannot
# be written: "cannot create a file next to '<OUT>/<NAME>.md': File name too
# long", exit code 4 (environment error) after a successful analysis.
# SourceRoots::isValidDottedName accepts up to 1024 bytes; the driver
# (tools/modcost-opt/modcost-opt.cpp) names outputs `<OUTDIR>/<NAME>.md` and
# lib/Emit's writeFileAtomically adds a temporary suffix.
# The name here is 263 bytes and resolves through the module-level import
# cycle of test/Hostile/Inputs/cycles (a.py: `import b`, b.py: `import a`).
# Usage: long-name-output.sh [path/to/modcost-opt]. Exits 1 while the bug is
# there.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OPT=${1:-$HERE/../../../../build/bin/modcost-opt}
T=$(mktemp -d) && trap 'rm -rf "$T"' EXIT
NAME=a.$(printf 'b.a.%.0s' $(seq 64))FromA
"$OPT" --source-root="$HERE/../cycles" -o "$T/out" "$NAME"
rc=$?
# Fixed by refusing names over 200 bytes up front as a usage error (exit 2),
# before any analysis: output files are named after the unit.
if [ "$rc" -ne 2 ]; then
  echo "BUG: exit code $rc for a ${#NAME}-byte name (expected the usage error 2)"; exit 1
fi
echo "ok"
