#!/usr/bin/python3
"""Checks --generate against the explicit sum over the decode steps.

Usage: check-generation.py PHASES_JSON PREFILL_JSON DECODE_JSON...

PHASES_JSON is a <NAME>.phases.json written with --generate=N; PREFILL_JSON
is the unit's report for the prompt, and the N DECODE_JSON files its reports
for one decode step over cache_len = seq_len, seq_len + 1, ...,
seq_len + N - 1 (each a separate modcost-opt run). Prints one line per
quantity and exits non-zero unless every closed-form value equals the
explicit sum.
"""
import json
import sys


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    gen = json.load(open(argv[1]))["generation"]
    prefill = json.load(open(argv[2]))["totals"]
    decodes = [json.load(open(p))["totals"] for p in argv[3:]]
    if gen["steps"] != str(len(decodes)):
        print(f"--generate={gen['steps']} but {len(decodes)} decode reports")
        return 1
    bad = 0
    for q in ("flops", "matmul_flops", "read_bytes", "write_bytes"):
        parts = [int(prefill[q]["value"])] + [int(d[q]["value"]) for d in decodes]
        want, got = sum(parts), gen["totals"][q]["value"]
        steps = sum(parts[1:])
        ok = got is not None and int(got) == want and \
            int(gen["decode_steps"][q]["value"]) == steps
        bad += not ok
        print(f"{q}: {' + '.join(map(str, parts))} = {want}, closed form {got}:"
              f" {'equal' if ok else 'DIFFERENT'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
