#!/usr/bin/env bash
# Reproducer (not a lit test; run it as a user other than root): the
# bare-name search skips a `*.py` file it cannot read without a word, so a
# class defined there is reported "not found" (exit 3) while the dotted name
# reports "cannot read '...': Permission denied" (exit 1).
# lib/Analysis/Locate.cpp, scanDirectory(): `if (!Buf || ...) continue;`.
# Usage: unreadable-bare-name.sh [path/to/modcost-opt]. Exits 1 while the
# bug is there.
set -u
if [ "$(id -u)" -eq 0 ]; then echo "skipped: root reads any file"; exit 0; fi
OPT=${1:-$(dirname "$0")/../../../../build/bin/modcost-opt}
T=$(mktemp -d) && trap 'chmod -R u+rw "$T"; rm -rf "$T"' EXIT
mkdir -p "$T/root/locked"
printf 'class Secret:\n    def forward(self, x):\n        return x\n' > "$T/root/locked/mod.py"
chmod 000 "$T/root/locked/mod.py"
"$OPT" --source-root="$T/root" -o "$T/out" Secret
rc=$?
if [ "$rc" -eq 3 ]; then
  echo "BUG: the unreadable file was skipped silently (exit 3, not found)"; exit 1
fi
echo "ok: exit code $rc"
