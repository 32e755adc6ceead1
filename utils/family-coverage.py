#!/usr/bin/python3
"""Checks the key classes of the most used transformers families.

Issue #14 asks that the attention, MLP/MoE, norm, decoder-layer and model
classes of the 30 most used families all be `complete`. This reads the
index of a batch run (`modcost-opt --all=transformers.models ... -o OUT`)
and, for each family of FAMILIES, picks the units of its
`models/<family>/modeling_<family>.py` whose class name ends with one of
the ROLES suffixes, then prints one line per family (complete / checked)
and every key class that is not complete with its status and first reason.

The family list is a measurement choice, not an analyzer rule: the
families behind the most downloaded checkpoints of the text, vision, speech
and multimodal tasks (decoder LLMs first), written once here so that runs
over time compare the same set.

Usage:
  family-coverage.py OUT/index.json [--families a,b,...] [--quiet]
Exit status 0; the figures are printed, never asserted.
"""
import argparse
import json
import re
import sys

FAMILIES = [
    "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe",
    "gemma", "gemma2", "gemma3", "phi", "phi3", "gpt2", "gpt_neox", "gptj",
    "falcon", "opt", "bloom", "deepseek_v3", "olmo2", "bert", "roberta",
    "distilbert", "deberta_v2", "t5", "bart", "whisper", "vit", "clip",
    "siglip",
]

# Class-name suffixes of the roles the issue names, in report order.
ROLES = [
    ("attention", re.compile(r"(Attention|SelfAttention|Attn)$")),
    ("mlp/moe", re.compile(r"(MLP|Mlp|FeedForward|FFN|Intermediate|MoE|MoeBlock|Experts)$")),
    ("norm", re.compile(r"(RMSNorm|LayerNorm|Norm)$")),
    ("layer", re.compile(r"(DecoderLayer|EncoderLayer|Layer|Block)$")),
    ("model", re.compile(r"(Model|ForCausalLM|ForConditionalGeneration|LMHeadModel)$")),
]


def role_of(class_name):
    for role, pattern in ROLES:
        if pattern.search(class_name):
            return role
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("index")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--quiet", action="store_true",
                    help="only the per-family lines and the total")
    args = ap.parse_args()
    units = json.load(open(args.index))["units"]
    by_family = {}
    for u in units:
        m = re.match(r"transformers\.models\.([a-z0-9_]+)\.modeling_\1\.(\w+)$",
                     u["name"])
        if not m:
            continue
        role = role_of(m.group(2))
        if role:
            by_family.setdefault(m.group(1), []).append((role, m.group(2), u))
    total = done = 0
    missing = []
    for fam in args.families.split(","):
        rows = by_family.get(fam, [])
        if not rows:
            missing.append(fam)
            continue
        ok = sum(1 for _, _, u in rows if u["status"] == "complete")
        total += len(rows)
        done += ok
        print(f"{fam:14} {ok:3}/{len(rows):<3} complete")
        if args.quiet:
            continue
        for role, cls, u in sorted(rows, key=lambda r: (r[0], r[1])):
            if u["status"] != "complete":
                reason = " ".join((u.get("reason") or "").split())[:150]
                print(f"    {role:9} {cls}: {u['status']}: {reason}")
    share = 100.0 * done / total if total else 0.0
    print(f"key classes of {len(args.families.split(',')) - len(missing)} "
          f"families: {done}/{total} complete ({share:.1f}%)")
    if missing:
        print("families with no key class in the index: " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
