#!/usr/bin/env python3
"""Checks modcost's library layering against docs/Architecture.md.

The table between `<!-- layering:begin -->` and `<!-- layering:end -->` in
docs/Architecture.md says, per component, which other components its files
may include. This script reads every `#include "modcost/<Component>/..."`
under include/modcost/<C>/ and lib/<C>/ and reports each include of a
component that is not allowed (a higher layer, or an unlisted one), and
each directory that the table does not list. Exit 1 on any violation.

Usage: check-layering.py [SOURCE_ROOT]
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                    pathlib.Path(__file__).resolve().parent.parent)
INCLUDE = re.compile(r'^\s*#\s*include\s+"modcost/([A-Za-z]+)/')


def read_table():
    text = (ROOT / "docs" / "Architecture.md").read_text()
    body = text.split("<!-- layering:begin -->")[1].split("<!-- layering:end -->")[0]
    allowed = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`")
        deps = {d.strip().strip("`") for d in cells[1].split(",")
                if d.strip() and d.strip() != "—"}
        allowed[name] = deps
    return allowed


def main():
    allowed = read_table()
    errors = []
    components = set()
    for base in (ROOT / "include" / "modcost", ROOT / "lib"):
        for d in sorted(p for p in base.iterdir() if p.is_dir()):
            components.add(d.name)
            if d.name not in allowed:
                errors.append(f"{d.relative_to(ROOT)}: component `{d.name}` is not in "
                              "the layering table of docs/Architecture.md")
                continue
            for f in sorted(d.rglob("*")):
                if f.suffix not in (".h", ".cpp", ".def"):
                    continue
                for n, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    dep = m.group(1)
                    if dep != d.name and dep not in allowed[d.name]:
                        errors.append(f"{f.relative_to(ROOT)}:{n}: `{d.name}` may not "
                                      f"include `{dep}` ({line.strip()})")
    for e in errors:
        print("error: " + e)
    print(f"layering: {len(components)} components checked, {len(errors)} violation(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
