#!/usr/bin/env bash
# utils/bootstrap.sh - install every Debian package modcost needs to build,
# run and test. Idempotent: packages already present are skipped, and apt is
# not touched at all when nothing is missing. Works as root on a fresh Debian
# bookworm machine (or through sudo).
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git ca-certificates
  # the transformers corpus (../shared/corpora/*.tar.xz) is unpacked by tar
  xz-utils
  # LLVM 19 Support (shared libLLVM), FileCheck/not/count/split-file, lit
  llvm-19-dev llvm-19-tools
  # parser runtime, JSON, unit tests
  libtree-sitter-dev nlohmann-json3-dev libgtest-dev
  # tests: real PyTorch-era sources, schema validation, the dynamic oracle
  python3 python3-torch python3-torchvision python3-torchaudio
  python3-jsonschema python3-numpy
  # fuzzing (utils/fuzz.sh): clang-14 with libFuzzer's runtime, llvm-symbolizer
  clang-14 libclang-rt-14-dev llvm-14
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm fetches the tree-sitter-python grammar at configure time. A machine
# may already have Node.js from elsewhere; only install Debian's when absent.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "bootstrap: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
