#!/usr/bin/env bash
# utils/run-default.sh - README command 1: set up, build, and analyze the
# built-in default target, a real module of the installed PyTorch, found
# through the system Python's dist-packages without naming any directory.
# Usage: utils/run-default.sh [NAME] (default below); outputs go to ./modcost-out
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${1:-torch.nn.modules.transformer.TransformerEncoderLayer}"
OUT="${MODCOST_OUT:-$PWD/modcost-out}"
"$ROOT/utils/build.sh" "$ROOT/build" >/dev/null
"$ROOT/build/bin/modcost-opt" -passes=locate,prune,cost -o "$OUT" "$TARGET"
echo
echo "Markdown: $OUT/$TARGET.md"
echo "JSON:     $OUT/$TARGET.json"
