#!/usr/bin/python3
"""Runs a command and succeeds only if it exits with the given code.

Usage: expect-exit.py CODE COMMAND [ARGS...]
lit's internal shell has no `$?`; tests use this (as %expect_exit) to check
modcost-opt's documented exit codes. The command's output passes through.
"""
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
want = int(sys.argv[1])
got = subprocess.run(sys.argv[2:]).returncode
if got != want:
    print(f"expect-exit: expected exit code {want}, got {got}", file=sys.stderr)
    sys.exit(1)
