#!/usr/bin/python3
"""Checks the geometry of a roofline SVG written by modcost-opt --plot.

Usage: check-roofline-svg.py FILE.svg...

For each file: every point (circle.leaf, rect.total) lies inside the axes
frame (the rect of <g id="axes">), and no text runs past the canvas. A
text's width is bounded above by 0.6 em per character (sans-serif advance
widths stay below it); its extent follows its text-anchor. Prints one
summary line per file and exits non-zero on any violation.
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def font_size(elem, parents):
    while elem is not None:
        if "font-size" in elem.attrib:
            return float(elem.attrib["font-size"])
        elem = parents.get(elem)
    return 16.0


def check(path):
    root = ET.parse(path).getroot()
    parents = {c: p for p in root.iter() for c in p}
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    frame = root.find(f"{NS}g[@id='axes']/{NS}rect")
    x0, y0 = float(frame.attrib["x"]), float(frame.attrib["y"])
    x1, y1 = x0 + float(frame.attrib["width"]), y0 + float(frame.attrib["height"])
    problems, points, texts = [], 0, 0
    for c in root.iter(f"{NS}circle"):
        points += 1
        cx, cy = float(c.attrib["cx"]), float(c.attrib["cy"])
        if not (x0 <= cx <= x1 and y0 <= cy <= y1):
            problems.append(f"circle at ({cx}, {cy}) outside the axes")
    for r in root.iter(f"{NS}rect"):
        if r.attrib.get("class") != "total":
            continue
        points += 1
        cx = float(r.attrib["x"]) + float(r.attrib["width"]) / 2
        cy = float(r.attrib["y"]) + float(r.attrib["height"]) / 2
        if not (x0 <= cx <= x1 and y0 <= cy <= y1):
            problems.append(f"total at ({cx}, {cy}) outside the axes")
    for t in root.iter(f"{NS}text"):
        texts += 1
        content = "".join(t.itertext())
        w = len(content) * font_size(t, parents) * 0.6
        if "transform" in t.attrib:
            m = re.match(r"translate\(([-0-9.]+) ([-0-9.]+)\) rotate\(-90\)",
                         t.attrib["transform"])
            x, y = float(m.group(1)), float(m.group(2))
            lo, hi, limit, at = y - w / 2, y + w / 2, height, x
            if not (0 <= at <= width and 0 <= lo and hi <= limit):
                problems.append(f"rotated text {content!r} past the canvas")
            continue
        x, y = float(t.attrib["x"]), float(t.attrib["y"])
        anchor = t.attrib.get("text-anchor", "start")
        lo = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        if lo < 0 or lo + w > width or not (0 < y <= height):
            problems.append(f"text {content!r} at ({x}, {y}) spans "
                            f"{lo:.1f}..{lo + w:.1f}, past the "
                            f"{width:g}x{height:g} canvas")
    for p in problems:
        print(f"{path}: {p}")
    print(f"{path}: {points} points inside the axes, {texts} texts inside "
          f"the canvas" if not problems else f"{path}: {len(problems)} problem(s)")
    return not problems


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    return 0 if all([check(p) for p in argv[1:]]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
