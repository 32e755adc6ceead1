#!/usr/bin/python3
"""Validates modcost JSON outputs against the project's JSON Schema.

Usage: validate-json.py SCHEMA FILE_OR_DIR...
Every *.json file found is checked; prints one line per file and a summary,
and exits non-zero if any file is invalid or none was found.
"""
import json
import pathlib
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema = json.loads(pathlib.Path(argv[1]).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = []
    for arg in argv[2:]:
        p = pathlib.Path(arg)
        files.extend(sorted(p.rglob("*.json")) if p.is_dir() else [p])
    bad = 0
    for f in files:
        errors = sorted(validator.iter_errors(json.loads(f.read_text())), key=str)
        if errors:
            bad += 1
            for e in errors:
                print(f"{f}: invalid: {'/'.join(map(str, e.path))}: {e.message}")
        else:
            print(f"{f}: valid")
    print(f"{len(files) - bad} valid, {bad} invalid")
    return 1 if bad or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
