"""Runs modcost-opt once per hostile NAME argument and prints, per run, the
name (escaped), the exit code and the first line of stderr (escaped).

Usage: run-names.py SOURCE_ROOT OUTDIR. Used by argv-names.test: lit's RUN
lines cannot spell control characters in arguments. A NUL byte cannot be
passed at all: execve() takes NUL-terminated strings, so the last check
shows the OS (here Python's subprocess) refusing it before modcost runs.
"""
import subprocess
import sys

root, out = sys.argv[1], sys.argv[2]
names = [
    "a\x01b",           # control character
    "a\nb",             # newline
    "\x1b[31mred",      # terminal escape
    "a b",              # space
    "",                 # empty
    "a..b",             # empty part
    ".a",               # leading dot
    "a.1b",             # part starting with a digit
    "x" * 1025,         # longer than 1024 bytes
    "a\u200bb",         # zero-width space (not an identifier character)
    "\udcff",           # a lone surrogate (invalid UTF-8 once encoded)
]
for name in names:
    arg = name.encode("utf-8", "surrogateescape")
    p = subprocess.run(["modcost-opt", "--source-root=" + root, "-o", out, arg],
                       capture_output=True)
    first = p.stderr.split(b"\n", 1)[0][:120]
    print(f"name={ascii(name[:24])} exit={p.returncode} stderr={ascii(first)}")
try:
    subprocess.run(["modcost-opt", "a\0b"])
except ValueError as e:
    print(f"NUL: {e}")
