"""Damages every parse cache entry under a directory, for parse-cache.test.

  damage-cache.py flip DIR     flips a byte in the middle of each entry
  damage-cache.py version DIR  changes the version string in each header
  damage-cache.py count DIR    prints the number of entries
"""
import pathlib
import struct
import sys

mode, root = sys.argv[1], pathlib.Path(sys.argv[2])
entries = sorted(root.rglob("*.mcir"))
if mode == "count":
    print(f"{len(entries)} entries")
    sys.exit(0)
for path in entries:
    data = bytearray(path.read_bytes())
    if mode == "flip":
        data[len(data) // 2] ^= 0x5A
    elif mode == "version":
        # 8 bytes of magic, a 2-byte length, then the version string.
        (size,) = struct.unpack_from("<H", data, 8)
        assert size > 0
        data[10] = ord("9") if data[10] != ord("9") else ord("8")
    path.write_bytes(bytes(data))
print(f"{mode}: {len(entries)} entries")
