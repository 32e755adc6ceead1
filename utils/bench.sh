#!/usr/bin/env bash
# utils/bench.sh - speed figures (printed, never asserted; docs/Performance.md):
#  (a) parse-only: tree-sitter alone over the same files (modcost-parse-bench);
#  (b) batch mode (--all) over installed torch, torchvision and torchaudio,
#      and over the transformers corpus: wall time, CPU time, peak RSS, and
#      the ratio to (a);
#  (c) one module through the full pipeline, median of N runs: nn.Linear,
#      TransformerEncoderLayer, LlamaForCausalLM (corpus), resnet50;
#  (d) the same modules the way a user would otherwise measure them: a
#      fresh /usr/bin/python3 that imports torch, builds the module and runs
#      it under a dispatch-mode counter (utils/bench-dispatch.py), and the
#      ratio (d)/(c).
# (b) and (c) are measured cold (an empty parse cache: every file parsed)
# and warm (every file read back from the parse cache), with a parse cache
# of the script's own, never the user's. BENCH_QUICK=1 (CI) skips the
# transformers corpus and runs N=3, (d) once. Environment: MODCOST_OPT,
# MODCOST_PARSE_BENCH, MODCOST_TRANSFORMERS_SRC, N, JOBS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${MODCOST_OPT:-$ROOT/build/bin/modcost-opt}"
PARSE="${MODCOST_PARSE_BENCH:-$(dirname "$BIN")/modcost-parse-bench}"
TF_SRC="${MODCOST_TRANSFORMERS_SRC:-$ROOT/build/corpora/transformers-5.16.0.dev0/src}"
DIST=/usr/lib/python3/dist-packages
JOBS="${JOBS:-$(nproc)}"
QUICK="${BENCH_QUICK:-}"
N=${N:-$([ -n "$QUICK" ] && echo 3 || echo 5)}
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
# Runs get a parse cache of the script's own ($OUT/xdg), emptied before
# each cold run.
CACHE_ENV=(env XDG_CACHE_HOME="$OUT/xdg")

echo "machine: $(nproc) core(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL CMD...: wall and CPU seconds, peak RSS (GNU time).
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$@" >"$OUT/stdout" 2>&1 || true
  read -r wall user sys rss < "$OUT/time"
  cpu=$(echo "$user + $sys" | bc)
  echo "$label: ${wall} s wall, ${cpu} s CPU, peak RSS $((rss / 1024)) MiB"
  LAST_WALL=$wall LAST_CPU=$cpu
}

# median TEMP CMD...: the medians of N runs' wall and CPU (user + system)
# times, in ms, as "WALL CPU"; TEMP=cold empties the parse cache before
# each run.
median() {
  local temp=$1 walls=() cpus=(); shift
  for _ in $(seq "$N"); do
    [ "$temp" = cold ] && rm -rf "$OUT/xdg"
    /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$@" >/dev/null 2>&1 || true
    read -r wall user sys < "$OUT/time"
    walls+=("$(echo "$wall * 1000 / 1" | bc)")
    cpus+=("$(echo "($user + $sys) * 1000 / 1" | bc)")
  done
  local mid=$(( (N + 1) / 2 ))
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p")" \
       "$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
}

# A ratio of two millisecond figures; "n/a" when the denominator is below
# the timer's resolution (a warm nn.Linear can take 0 ms).
ratio() {
  if [ "${2:-0}" = 0 ]; then echo "n/a"; else echo "scale=2; $1 / $2" | bc; fi
}

# (a) and (b): torch, torchvision, torchaudio; then the transformers corpus.
bench_batch() { # LABEL PACKAGES ROOT DIRS...
  local label=$1 pkgs=$2 root=$3; shift 3
  measure "(a) $label parse-only (-j$JOBS)" "$PARSE" -j"$JOBS" "$@"
  echo "    $(cat "$OUT/stdout")"
  local fwall=$LAST_WALL fcpu=$LAST_CPU
  local temp
  for temp in cold warm; do
    [ "$temp" = cold ] && rm -rf "$OUT/xdg"
    measure "(b) $label batch (-j$JOBS, $temp)" "${CACHE_ENV[@]}" "$BIN" \
      --source-root="$root" --all="$pkgs" -j"$JOBS" -o "$OUT/$label"
    echo "    ratio to parse-only: $(ratio "$LAST_WALL" "$fwall")x wall," \
         "$(ratio "$LAST_CPU" "$fcpu")x CPU;" \
         "$(sed -n 's/^| \(complete\|total\) | \([0-9]*\).*/\1 \2/p' "$OUT/$label/index.md" | tr '\n' ' ')"
  done
}
bench_batch torch-libs torch,torchvision,torchaudio "$DIST" \
  "$DIST/torch" "$DIST/torchvision" "$DIST/torchaudio"
if [ -z "$QUICK" ] && [ -d "$TF_SRC/transformers" ]; then
  bench_batch transformers transformers "$TF_SRC" "$TF_SRC/transformers"
fi

# (c) and (d): single modules.
single() { # LABEL DISPATCH-NAME modcost-opt ARGS...
  local label=$1 disp=$2; shift 2
  local cold_wall cold_cpu warm_wall warm_cpu
  read -r cold_wall cold_cpu < <(median cold "${CACHE_ENV[@]}" "$BIN" -o "$OUT/single" -passes=locate,prune,cost,expand "$@")
  read -r warm_wall warm_cpu < <(median warm "${CACHE_ENV[@]}" "$BIN" -o "$OUT/single" -passes=locate,prune,cost,expand "$@")
  local line="(c) $label: cold ${cold_wall} ms wall, ${cold_cpu} ms CPU; warm ${warm_wall} ms wall, ${warm_cpu} ms CPU (medians of $N)"
  if [ -n "$disp" ]; then
    local saved=$N; [ -n "$QUICK" ] && N=1
    local py_wall py_cpu
    read -r py_wall py_cpu < <(median none /usr/bin/python3 "$ROOT/utils/bench-dispatch.py" "$disp")
    N=$saved
    line="$line; (d) python3 + torch dispatch counter: ${py_wall} ms wall, ${py_cpu} ms CPU, $(ratio "$py_cpu" "$warm_cpu" | sed 's/^[0-9.]*$/&x/') warm CPU"
  fi
  echo "$line"
}
single nn.Linear linear torch.nn.Linear --set in_features=1024 \
  --set out_features=1024 --input-shape input=1,128,1024
single TransformerEncoderLayer encoder-layer \
  torch.nn.TransformerEncoderLayer --set d_model=512 --set nhead=8 \
  --batch-size=1 --seq-len=128
single resnet50 resnet50 torchvision.models.resnet.ResNet --set block=Bottleneck \
  --set 'layers=[3,4,6,3]' --input-shape x=1,3,224,224
if [ -d "$TF_SRC/transformers" ]; then
  echo '{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008, "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32, "rms_norm_eps": 1e-05, "vocab_size": 32000}' > "$OUT/llama.json"
  single LlamaForCausalLM "" --source-root="$TF_SRC" --config="$OUT/llama.json" \
    --batch-size=1 --seq-len=2048 transformers.models.llama.modeling_llama.LlamaForCausalLM
  echo "    (d) not measured for LlamaForCausalLM: transformers is not installed for /usr/bin/python3"
fi
