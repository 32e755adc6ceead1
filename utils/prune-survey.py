#!/usr/bin/python3
"""Runs `locate,prune` on every module class with its own forward() in the
installed torch.nn.modules, torchvision.models and torchaudio.models trees
and reports how many branch conditions were decided and undecided.

Usage: prune-survey.py [--modcost BUILD/bin/modcost-opt] [--root DIR]
                       [--show-undecided N] [--json OUT]
Exits non-zero if modcost-opt crashed (a signal) on any unit.
"""
import argparse
import collections
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

TREES = ["torch/nn/modules", "torchvision/models", "torchaudio/models"]
CLASS_RE = re.compile(r"^class\s+([A-Za-z_]\w*)\s*[(:]")
FORWARD_RE = re.compile(r"^\s{4}def\s+forward\s*\(")


def units(root):
    for tree in TREES:
        base = pathlib.Path(root, tree)
        for path in sorted(base.rglob("*.py")):
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            if module.endswith(".__init__"):
                continue
            current = None
            for line in path.read_text(errors="replace").splitlines():
                m = CLASS_RE.match(line)
                if m:
                    current = m.group(1)
                elif current and FORWARD_RE.match(line):
                    yield f"{module}.{current}"
                    current = None


def main():
    here = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modcost", default=str(here / "build" / "bin" / "modcost-opt"))
    ap.add_argument("--root", default="/usr/lib/python3/dist-packages")
    ap.add_argument("--show-undecided", type=int, default=15)
    ap.add_argument("--json")
    args = ap.parse_args()

    names = list(units(args.root))
    stats = collections.Counter()
    undecided = collections.Counter()
    crashed, failed = [], []
    with tempfile.TemporaryDirectory() as out:
        for name in names:
            r = subprocess.run([args.modcost, "--source-root", args.root, "-o", out,
                                "--format=json", "-passes=locate,prune", name],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if r.returncode < 0:
                crashed.append((name, r.returncode))
                continue
            if r.returncode != 0:
                failed.append((name, r.returncode, r.stderr.strip().splitlines()[:1]))
                continue
            data = json.loads(pathlib.Path(out, name + ".json").read_text())
            stats["units"] += 1
            stats["decided"] += data["prune"]["decided"]
            stats["undecided"] += data["prune"]["undecided"]
            if data["prune"]["undecided"] == 0:
                stats["fully decided units"] += 1
            for d in data["decisions"]:
                if d["value"] == "undecided":
                    undecided[f'{d["file"]}:{d["line"]}: {d["condition"]}'] += 1
    total = stats["decided"] + stats["undecided"]
    print(f"units analyzed: {stats['units']} of {len(names)} "
          f"({len(failed)} failed cleanly, {len(crashed)} crashed)")
    print(f"conditions: {total}, decided {stats['decided']}, undecided {stats['undecided']}"
          + (f" ({100.0 * stats['decided'] / total:.1f}% decided)" if total else ""))
    print(f"units with no undecided condition: {stats['fully decided units']}")
    for name, code, msg in failed:
        print(f"  failed ({code}): {name}: {msg[0] if msg else ''}")
    for name, sig in crashed:
        print(f"  CRASHED ({sig}): {name}")
    if args.show_undecided:
        print("most frequent undecided conditions:")
        for cond, n in undecided.most_common(args.show_undecided):
            print(f"  {n:3d}  {cond}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(
            {"stats": stats, "failed": failed, "crashed": crashed,
             "undecided": undecided.most_common()}, indent=1))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
