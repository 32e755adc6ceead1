#!/usr/bin/python3
"""Prints the op table of docs/CostModel.md from include/modcost/Semantics/OpCatalog.def.

Usage: cost-model-table.py [--check DOC]
With --check, exits non-zero unless DOC contains exactly this table between
the `<!-- BEGIN OP TABLE -->` and `<!-- END OP TABLE -->` markers, so the
documentation cannot drift from the catalog.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ENTRY = re.compile(r'^OP\((\w+),\s*(\w+),\s*(\d+),\s*(\w+),\s*"((?:[^"\\]|\\.)*)"\)\s*$')


def table():
    rows = ["| op | family | FLOPs/elem | shape | rule |", "|---|---|---|---|---|"]
    for line in (ROOT / "include/modcost/Semantics/OpCatalog.def").read_text().splitlines():
        if not line.startswith("OP("):
            continue
        m = ENTRY.match(line.strip())
        if not m:
            # An entry this script cannot read would silently miss the docs.
            raise SystemExit("cost-model-table: cannot parse OpCatalog.def entry: " + line)
        name, family, fpe, shape, rule = m.groups()
        rows.append(f"| `{name}` | {family} | {fpe if fpe != '0' else '-'} | {shape} | {rule} |")
    return "\n".join(rows)


def main(argv):
    t = table()
    if len(argv) == 3 and argv[1] == "--check":
        doc = pathlib.Path(argv[2]).read_text()
        m = re.search(r"<!-- BEGIN OP TABLE -->\n(.*?)\n<!-- END OP TABLE -->", doc, re.S)
        if not m:
            print("cost-model-table: no op table markers in " + argv[2])
            return 1
        if m.group(1).strip() != t.strip():
            print("cost-model-table: the op table in " + argv[2] +
                  " differs from OpCatalog.def; regenerate it with utils/cost-model-table.py")
            return 1
        print(f"cost-model-table: {t.count(chr(10)) - 1} ops documented, in sync")
        return 0
    print(t)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
