#!/usr/bin/env bash
# utils/run-default.sh - README command 1: set up, build, and analyze the
# built-in default target, a real module of the installed PyTorch, found
# through the system Python's dist-packages without naming any directory,
# through the whole pipeline (locate,prune,cost,expand), and print its totals.
# Usage: utils/run-default.sh [NAME] [modcost-opt options...]
# Outputs go to ./modcost-out (or $MODCOST_OUT).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${1:-torch.nn.modules.transformer.TransformerEncoderLayer}"
shift || true
OUT="${MODCOST_OUT:-$PWD/modcost-out}"
"$ROOT/utils/build.sh" "$ROOT/build" >/dev/null
# expand prints the totals table (formula = value per quantity).
"$ROOT/build/bin/modcost-opt" -passes=locate,prune,cost,expand -o "$OUT" "$@" "$TARGET"
echo
/usr/bin/python3 - "$OUT/$TARGET.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"{d['class_name']} ({d['source']['file']}, forward lines "
      f"{d['source']['forward_line_start']}-{d['source']['forward_line_end']}): "
      f"{len(d.get('kernels', []))} computational line(s); "
      f"{d['prune']['decided']} branch(es) decided, {d['prune']['undecided']} undecided")
PY
echo
echo "Markdown: $OUT/$TARGET.md"
echo "JSON:     $OUT/$TARGET.json"
