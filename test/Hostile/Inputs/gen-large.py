"""Writes a Python module of at least 10 MiB to the path in argv[1].

It is 300000 small module-level functions, then class `Target` whose
forward() is 5000 lines long and ends at the last line of the file, so a
report that quotes forward() has to reach the end of the file. Used by
large-file.test; the content is deterministic.
"""
import sys

MIB = 1024 * 1024

with open(sys.argv[1], "w") as out:
    size = 0
    i = 0
    while size < 10 * MIB:
        chunk = f"def helper_{i}(x):\n    return x + {i}\n\n\n"
        out.write(chunk)
        size += len(chunk)
        i += 1
    out.write("class Target:\n")
    out.write("    def forward(self, x):\n")
    for k in range(4999):
        out.write(f"        x = x + {k}\n")
    out.write("        return x\n")
