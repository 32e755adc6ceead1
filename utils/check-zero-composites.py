#!/usr/bin/env python3
"""Fails if a batch index lists a silent zero composite (issue 13).

Reads OUT/index.json of `modcost-opt --all=... -o OUT` and prints the unit
count and the units with a composite priced at 0 FLOPs and 0 bytes although
its callee has computational lines and lost information, one line each
(`unit: line N (in REPORT): CODE -> CALLEE: CAUSE`). Exits 1 if there is
one, or if the index holds fewer units than --min-units (a run that found
nothing proves nothing).
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("index", help="OUT/index.json of a batch run")
    ap.add_argument("--min-units", type=int, default=1,
                    help="fail if the index has fewer units (default 1)")
    args = ap.parse_args()
    with open(args.index, encoding="utf-8") as f:
        index = json.load(f)
    units = index["units"]
    bad = [u for u in units if u.get("zero_composites")]
    print(f"units: {len(units)}, with a silent zero composite: {len(bad)}")
    for u in bad:
        for z in u["zero_composites"]:
            where = f" (in {z['in']})" if z["in"] else ""
            unpriced = (f" (its line {z['unpriced_line']} not priced)"
                        if z.get("unpriced_line") else "")
            print(f"{u['name']}: line {z['line']}{where}: {z['code']} -> "
                  f"{z['callee']}{unpriced}: {z['cause']}")
    if len(units) < args.min_units:
        print(f"error: {len(units)} unit(s), expected at least "
              f"{args.min_units}")
        return 1
    if bad:
        print(f"error: {len(bad)} unit(s) with a silent zero composite")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
