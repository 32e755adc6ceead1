#!/usr/bin/python3
"""Extracts a runnable tutorial from a Markdown document.

Usage: extract-tutorial.py DOC.md OUTDIR

The document marks what is executable with HTML comments right before a
fenced code block:

  <!-- file: NAME -->    the block is written to OUTDIR/NAME
  <!-- step -->          the block (shell) is appended to OUTDIR/steps.sh;
                         unless an output block follows it, its stdout
                         goes to stderr (build logs are not compared)
  <!-- output -->        the block is appended to OUTDIR/expected.txt: what
                         the steps before it print on stdout

A test (test/Plugins/tutorial.test) runs steps.sh in OUTDIR and compares
its output with expected.txt, so the tutorial works exactly as written.
"""
import os
import re
import sys

MARK = re.compile(r"^<!--\s*(file:\s*(?P<file>\S+)|(?P<kind>step|output))\s*-->\s*$")
FENCE = re.compile(r"^(```+)")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    doc, out = sys.argv[1], sys.argv[2]
    lines = open(doc, encoding="utf-8").read().split("\n")
    os.makedirs(out, exist_ok=True)
    steps = ["set -eu"]
    expected = []
    files = 0
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if not m:
            i += 1
            continue
        # The next line must open a fence.
        j = i + 1
        f = FENCE.match(lines[j]) if j < len(lines) else None
        if not f:
            sys.exit(f"{doc}:{i + 1}: marker not followed by a code block")
        end = j + 1
        while end < len(lines) and not lines[end].startswith(f.group(1)):
            end += 1
        if end == len(lines):
            sys.exit(f"{doc}:{j + 1}: unterminated code block")
        body = "\n".join(lines[j + 1:end]) + "\n"
        if m.group("file"):
            name = m.group("file")
            if name.startswith("/") or ".." in name.split("/"):
                sys.exit(f"{doc}:{i + 1}: file name must stay inside the tutorial")
            path = os.path.join(out, name)
            os.makedirs(os.path.dirname(path) or out, exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(body)
            files += 1
        elif m.group("kind") == "step":
            # Is the next marker an output block?
            k = end + 1
            while k < len(lines) and not MARK.match(lines[k]):
                k += 1
            nxt = MARK.match(lines[k]) if k < len(lines) else None
            if nxt and nxt.group("kind") == "output":
                steps.append(body)
            else:
                steps.append("{\n" + body + "} >&2\n")
        else:
            expected.append(body)
        i = end + 1
    with open(os.path.join(out, "steps.sh"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(steps))
    with open(os.path.join(out, "expected.txt"), "w", encoding="utf-8") as fh:
        fh.write("".join(expected))
    print(f"extract-tutorial: {files} file(s), {len(steps) - 1} step(s), "
          f"{len(expected)} output block(s)")


if __name__ == "__main__":
    main()
