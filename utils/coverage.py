#!/usr/bin/python3
"""Measures how well modcost-opt analyzes a whole library.

Enumerates every class of the matching files whose own body defines
`forward` (found with Python's `ast`: module-level classes, also those under
a module-level `if`/`try`/`with`), runs modcost-opt on each in its own
process and output directory, and classifies each unit:

  crash        killed by a signal (SIGSEGV, SIGABRT, ...)
  failed       non-zero exit, timeout, or no JSON written
  undecided    the JSON reports an undecided branch condition
  unknown-ops  an op without a cost rule, or `unknown` in the totals
  complete     none of the above

(the first that applies wins; `undecided` units with unknown ops are also
counted apart). `modcost-opt --all` (batch mode, docs/CommandGuide.md)
computes the same statuses in one process (a crash there is `failed` with
reason `crash: SIGNAL`); keep the two definitions in step. It also counts `zero-matmul` units (matrix FLOPs total 0 or
missing) and, among those, the ones whose source names a matrix product.
That check is approximate and purely syntactic: the class's body (forward,
__init__ and every other method) and, transitively, every class and function
of the same module that it names (e.g. `eager_attention_forward`, a
submodule class built in __init__), are searched for a call whose callee's
last name component is a matrix product (`Linear`, `*Linear`, `linear`,
`matmul`, `mm`, `bmm`, `einsum`, `addmm`, `baddbmm`, `Conv*`, `conv*d`,
`conv_transpose*d`, `scaled_dot_product_attention`, `MultiheadAttention`,
`Bilinear`/`bilinear`) or an `a @ b`; submodules from other modules are
not followed.

Prints a summary: counts and percentages per status, the zero-matmul
units that are `complete` although their source names a matrix product
(possible silent zeros), the crashes by name with the innermost modcost::
frame of the stack dump, the top causes (the first warning or error of each
unit that is not complete, else its first diagnostic; normalized: no file
paths, line/column numbers or quoted identifiers, quoted operators kept, and
an undecided condition's "it depends on ..." reduced to the kinds of value)
with an example unit each, and the top unknown op names.

Usage:
  coverage.py --modcost BIN --root SRC [--root DIR ...] --package transformers
              --glob 'models/*/modeling_*.py' [-j N] [--timeout S]
              [--sample K/N] [--json OUT] [--passes P] [--top N]
              [--limit N] [--progress] [--extra-args ARG ...]
  coverage.py --load OUT [--top N]
  coverage.py --modcost BIN --root /usr/lib/python3/dist-packages
              --package torchvision --glob '**/*.py'

Every --root is passed to modcost-opt as --source-root, in order (a root
given replaces modcost's default roots, so list the one holding torch too);
the package directory is looked up in the roots in that order and --glob is
relative to it. A class defined twice in a module (under `if`/`else`) is one
unit. modcost-opt needs its profile: set MODCOST_PROFILE_DIR when the binary
is not next to its share/modcost/.
--sample K/N keeps the units whose name hashes (CRC-32) to K-1 modulo N:
a fixed, deterministic 1/N of the units. --extra-args takes everything
after it and passes it to modcost-opt (so it must come last).
--json OUT writes one record per unit, sorted by name; it holds no times,
so the same input gives the same file. --load OUT prints the summary of
such a file again without running anything.
Exits 0, or 1 if any unit crashed.
"""
import argparse
import ast
import collections
import concurrent.futures
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time
import zlib

STATUSES = ["complete", "unknown-ops", "undecided", "failed", "crash"]

MATMUL_CALL_RE = re.compile(
    r"^(?:\w*Linear|linear|matmul|mm|bmm|einsum|addmm|baddbmm|Conv\w*|"
    r"conv[123]d|conv_transpose[123]d|scaled_dot_product_attention|"
    r"MultiheadAttention|Bilinear|bilinear)$")


# ---------------------------------------------------------------------------
# Enumeration


def module_level_classes(tree):
    """Classes defined at module level, also under if/try/with blocks."""
    todo = list(tree.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, ast.ClassDef):
            yield node
        elif isinstance(node, (ast.If, ast.With, ast.AsyncWith)):
            todo[0:0] = node.body + getattr(node, "orelse", [])
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            todo[0:0] = (node.body + [s for h in node.handlers for s in h.body]
                         + node.orelse + node.finalbody)


def module_level_functions(tree):
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def has_own_forward(cls):
    return any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "forward"
               for s in cls.body)


def last_name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def scan_node(node):
    """(direct matrix product?, names referenced) of one class or function."""
    direct = False
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.MatMult):
            direct = True
        elif isinstance(sub, ast.Call):
            n = last_name(sub.func)
            if n and MATMUL_CALL_RE.match(n):
                direct = True
        elif isinstance(sub, ast.Name):
            names.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            names.add(sub.attr)
    return direct, names


def matmul_in_source(tree):
    """name -> does this class or function, or what it names in the module,
    contain a matrix product (see the module docstring)."""
    defs = {}
    for node in list(module_level_classes(tree)) + list(module_level_functions(tree)):
        defs[node.name] = scan_node(node)
    has = {name: direct for name, (direct, _) in defs.items()}
    changed = True
    while changed:  # a fixpoint: names reach a matrix product through names
        changed = False
        for name, (_, names) in defs.items():
            if not has[name] and any(has.get(n) for n in names):
                has[name] = changed = True
    return has


def find_package(roots, package):
    rel = pathlib.Path(*package.split("."))
    for root in roots:
        if (pathlib.Path(root) / rel).is_dir():
            return pathlib.Path(root), rel
    sys.exit(f"coverage.py: package '{package}' is in none of the roots {roots}")


def enumerate_units(roots, package, pattern):
    root, rel = find_package(roots, package)
    base = root / rel
    units = []
    parse_errors = []
    seen = set()
    for path in sorted(base.glob(pattern)):
        if not path.is_file() or path.suffix != ".py":
            continue
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not all(p.isidentifier() for p in parts):
            continue
        module = ".".join(parts)
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text, filename=str(path))
        except (SyntaxError, ValueError, UnicodeDecodeError) as e:
            parse_errors.append(f"{path}: {type(e).__name__}: {e}")
            continue
        matmul = None
        for cls in module_level_classes(tree):
            if not has_own_forward(cls):
                continue
            name = f"{module}.{cls.name}"
            if name in seen:
                continue
            seen.add(name)
            if matmul is None:
                matmul = matmul_in_source(tree)
            units.append({"name": name, "file": str(path.relative_to(root)),
                          "line": cls.lineno, "matmul_in_source": matmul.get(cls.name, False)})
    units.sort(key=lambda u: u["name"])
    return units, parse_errors


# ---------------------------------------------------------------------------
# Running one unit

# quoted text (names, dotted names, source expressions, values); quoted
# operators such as `*` or `+=` stay
QUOTED_RE = re.compile(r"`[^`\n]*`|(?<!\w)'[^'\n]*'(?!\w)|(?<!\w)\"[^\"\n]*\"(?!\w)")
OPERATOR_RE = re.compile(r"[^\w\s]{1,3}")
PATH_RE = re.compile(r"(?<![\w./+-])(?:[\w.+-]*/)+[\w.+-]+\.py(?::\d+)*")
LOCPREFIX_RE = re.compile(r"^(?:modcost-opt:\s*)?(?:[^\s:]+\.py|<[^>]+>)(?::\d+)*:\s*")
NUMBER_RE = re.compile(r"(?<!exit )(?<!signal )\b\d+\b")


def normalize(message):
    """A pattern for grouping: no paths, numbers or quoted identifiers."""
    m = message.strip().splitlines()[0] if message.strip() else ""
    m = LOCPREFIX_RE.sub("", m)
    m = QUOTED_RE.sub(lambda q: q.group(0) if OPERATOR_RE.fullmatch(q.group(0)[1:-1])
                      else q.group(0)[0] + "…" + q.group(0)[0], m)
    m = PATH_RE.sub("<file>", m)
    m = NUMBER_RE.sub("N", m)
    m = re.sub(r"\s+", " ", m).strip()
    # "...; it depends on A; B; C": keep the kinds of value it depends on
    # (config attribute, constructor parameter, loop variable, ...), sorted
    # and once each; drop their provenance (parenthesized, "`…` set at <file>")
    head, sep, tail = m.partition("; it depends on ")
    if sep:
        kinds = set()
        for part in tail.split("; "):
            prev = None
            while prev != part:  # innermost parentheses first
                prev, part = part, re.sub(r"\s*\([^()]*\)", "", part)
            part = re.sub(r"\[[^\]]*\]", "[…]", part).strip()
            if part and not re.fullmatch(r"`…` set at <file>", part):
                kinds.add(part)
        m = head + sep + "; ".join(sorted(kinds or {"`…` set at <file>"}))
    return m


def signal_name(rc):
    try:
        return signal.Signals(-rc).name
    except ValueError:
        return f"signal {-rc}"


def stderr_reason(stderr):
    """The first compiler-style diagnostic line of stderr, else its first line."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    for l in lines:
        if re.search(r"\b(error|warning|fatal error):", l):
            return re.sub(r"^modcost-opt:\s*", "", l.strip())
    return lines[0].strip() if lines else ""


FRAME_RE = re.compile(r"^\s*#\d+ 0x[0-9a-fA-F]+ (modcost::[^(]*)\(")
SOURCE_LOC_RE = re.compile(r"([^\s/]+\.(?:cpp|cc|h|hpp|inc|def)):(\d+)")


def crash_reason(stderr):
    """Where it crashed: an assertion's message, else the innermost
    modcost:: frame of LLVM's stack dump ('in modcost::F (File.cpp:N)'),
    else the first diagnostic."""
    for l in stderr.splitlines():
        if "Assertion" in l and "failed" in l:
            return l.strip()
    for l in stderr.splitlines():
        m = FRAME_RE.match(l)
        if m:
            loc = SOURCE_LOC_RE.findall(l)
            return f"in {m.group(1)}" + (f" ({loc[-1][0]}:{loc[-1][1]})" if loc else "")
    return stderr_reason(stderr)


def unknown_op_name(entry):
    """'line 175: F.linear (operand shapes unknown) (inside `torch...Linear`)'
    -> 'F.linear (operand shapes unknown)'."""
    entry = re.sub(r"^line \d+:\s*", "", str(entry))
    return re.sub(r"\s*\(inside `[^`]*`\)", "", entry).strip()


def walk_unknowns(report):
    """Unknown op names of the report's `unknown_ops` (which holds those of
    the composites it calls too), else of its kernels'."""
    entries = report.get("unknown_ops")
    if entries is None:
        entries = [e for k in report.get("kernels") or [] for e in k.get("unknown_ops") or []]
    return [unknown_op_name(e) for e in entries]


def classify_report(report):
    undecided = 0
    prune = report.get("prune")
    if isinstance(prune, dict):
        undecided = prune.get("undecided", 0) or 0
    decisions_undecided = sum(1 for d in report.get("decisions") or []
                              if d.get("value") == "undecided")
    undecided = max(undecided, decisions_undecided)
    unknown_names = walk_unknowns(report)
    totals = report.get("totals")
    unknown_in_totals = False
    if isinstance(totals, dict):
        unknown_in_totals = any("unknown" in str((totals.get(k) or {}).get("formula", ""))
                                for k in totals)
    has_unknown = bool(unknown_names) or unknown_in_totals
    if undecided:
        status = "undecided"
    elif has_unknown:
        status = "unknown-ops"
    else:
        status = "complete"
    return status, undecided, sorted(set(unknown_names)), unknown_in_totals


def first_reason(report, status):
    """The first warning/error diagnostic, else the first diagnostic, else a
    reason derived from the report itself."""
    diags = report.get("diagnostics") or []
    for d in diags:
        if d.get("level") in ("error", "warning"):
            return d.get("level", "") + ": " + d.get("message", "")
    if diags:
        return diags[0].get("level", "") + ": " + diags[0].get("message", "")
    if status == "undecided":
        for d in report.get("decisions") or []:
            if d.get("value") == "undecided":
                return "(no diagnostic) undecided condition: " + (d.get("reason") or d.get("condition", ""))
    if status == "unknown-ops":
        for entry in report.get("unknown_ops") or []:
            return "(no diagnostic) unknown op: " + entry
        return "(no diagnostic) unknown in totals"
    return ""


def totals_of(report):
    totals = report.get("totals")
    if not isinstance(totals, dict):
        return None
    return {k: {"formula": (v or {}).get("formula"), "value": (v or {}).get("value")}
            for k, v in totals.items()}


def is_zero_matmul(totals):
    if not totals or "matmul_flops" not in totals:
        return True
    mm = totals["matmul_flops"]
    return mm.get("value") in (0, "0") or (mm.get("formula") or "").strip() == "0"


def run_unit(unit, args):
    cmd = [args.modcost, "-passes=" + args.passes]
    for r in args.root:
        cmd += ["--source-root", r]
    rec = dict(unit)
    with tempfile.TemporaryDirectory(prefix="modcost-cov-") as out:
        cmd += ["-o", out, "--format=json"] + list(args.extra_args or []) + [unit["name"]]
        start = time.monotonic()
        try:
            r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=args.timeout)
            rc = r.returncode
            stderr = r.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            rc = None
            stderr = ""
        rec["seconds"] = time.monotonic() - start
        report = None
        jpath = pathlib.Path(out, unit["name"] + ".json")
        if rc == 0 and jpath.is_file():
            try:
                report = json.loads(jpath.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                stderr = f"JSON does not parse: {e}\n" + stderr
    rec["exit"] = rc
    rec["undecided"] = 0
    rec["unknown_ops"] = []
    rec["unknown_in_totals"] = False
    rec["totals"] = None
    rec["diagnostics"] = rec["kernels"] = None
    if rc is None:
        rec["status"] = "failed"
        rec["failure"] = "timeout"
        rec["reason"] = f"timeout after {args.timeout:g} s"
    elif rc < 0:
        rec["status"] = "crash"
        rec["failure"] = signal_name(rc)
        rec["reason"] = f"{signal_name(rc)}" + (" " + crash_reason(stderr) if stderr.strip() else "")
    elif rc != 0:
        rec["status"] = "failed"
        rec["failure"] = f"exit {rc}"
        rec["reason"] = f"exit {rc}: " + stderr_reason(stderr)
    elif report is None:
        rec["status"] = "failed"
        rec["failure"] = "no JSON"
        rec["reason"] = "no JSON: " + stderr_reason(stderr)
    else:
        status, undecided, unknown_names, unknown_in_totals = classify_report(report)
        rec["status"] = status
        rec["undecided"] = undecided
        rec["unknown_ops"] = unknown_names
        rec["unknown_in_totals"] = unknown_in_totals
        rec["totals"] = totals_of(report)
        rec["reason"] = first_reason(report, status) if status != "complete" else ""
        rec["diagnostics"] = len(report.get("diagnostics") or [])
        rec["kernels"] = len(report.get("kernels") or [])
    rec["zero_matmul"] = rec["status"] not in ("failed", "crash") and is_zero_matmul(rec["totals"])
    return rec


# ---------------------------------------------------------------------------
# Summary


def pct(n, total):
    return f"{100.0 * n / total:5.1f}%" if total else "  n/a"


def summarize(records, args, wall, parse_errors, enumerated):
    out = []
    total = len(records)
    counts = collections.Counter(r["status"] for r in records)
    sample = f", sample {args.sample} of {enumerated}" if args.sample else ""
    out.append(f"modcost coverage: package {args.package}, glob {args.glob!r}, "
               f"{total} units{sample}, passes {args.passes}")
    if wall is not None:
        out.append(f"wall time {wall:.1f} s with -j {args.jobs}, timeout {args.timeout:g} s per unit")
    if parse_errors:
        out.append(f"{len(parse_errors)} file(s) did not parse with Python's ast (skipped):")
        out += ["  " + e for e in parse_errors[:10]]
    out.append("")
    out.append("status:")
    for s in STATUSES:
        out.append(f"  {s:<12} {counts[s]:6d}  {pct(counts[s], total)}")
    failures = collections.Counter(r.get("failure") for r in records if r["status"] == "failed")
    if failures:
        out.append("  failed by kind: " + ", ".join(f"{k}: {v}" for k, v in sorted(failures.items())))
    both = sum(1 for r in records if r["status"] == "undecided" and (r["unknown_ops"] or r["unknown_in_totals"]))
    any_unknown = sum(1 for r in records if r["unknown_ops"] or r["unknown_in_totals"])
    analyzed = sum(1 for r in records if r["status"] not in ("failed", "crash"))
    out.append(f"  (undecided units that also have unknown ops: {both}; "
               f"units with any unknown op: {any_unknown} = {pct(any_unknown, total).strip()})")
    zero = [r for r in records if r["zero_matmul"]]
    zero_src = [r for r in zero if r["matmul_in_source"]]
    out.append(f"  zero-matmul  {len(zero):6d}  {pct(len(zero), total)} of all, "
               f"{pct(len(zero), analyzed).strip()} of the {analyzed} analyzed "
               f"(matrix FLOPs total 0 or missing)")
    out.append(f"    of which the source names a matrix product: {len(zero_src)} "
               f"({pct(len(zero_src), len(zero)).strip()} of zero-matmul)"
               + (f", e.g. {zero_src[0]['name']}" if zero_src else ""))
    silent = [r for r in zero_src if r["status"] == "complete"]
    out.append(f"    of which complete (no diagnostic says why; possible silent zeros): {len(silent)}"
               + (", e.g. " + ", ".join(r["name"] for r in silent[:3]) if silent else ""))
    nokernel = [r for r in records if r["status"] == "complete" and r.get("kernels") == 0]
    out.append(f"  complete units without a single kernel (nothing priced): {len(nokernel)}")
    out.append("")
    crashes = [r for r in records if r["status"] == "crash"]
    out.append(f"crashes ({len(crashes)}):")
    for r in crashes:
        out.append(f"  {r['name']}: {r['reason']}")
    timeouts = [r for r in records if r.get("failure") == "timeout"]
    if timeouts:
        out.append(f"timeouts ({len(timeouts)}): " + ", ".join(r["name"] for r in timeouts))
    timed = [r for r in records if r.get("seconds") is not None]
    if timed:
        secs = sorted(r["seconds"] for r in timed)
        slow = sorted(timed, key=lambda r: (-r["seconds"], r["name"]))[:5]
        out.append(f"seconds per unit: median {secs[len(secs) // 2]:.2f}, max {secs[-1]:.2f}; slowest: "
                   + ", ".join(f"{r['name'].rsplit('.', 1)[-1]} {r['seconds']:.1f}" for r in slow))
    out.append("")

    groups = collections.OrderedDict()
    for r in records:
        if r["status"] == "complete":
            continue
        key = normalize(r.get("reason", "")) or "(no message)"
        g = groups.setdefault(key, {"count": 0, "example": r["name"], "statuses": collections.Counter()})
        g["count"] += 1
        g["statuses"][r["status"]] += 1
    noncomplete = total - counts["complete"]
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1]["count"], kv[0]))
    out.append(f"top {min(args.top, len(ranked))} causes (first diagnostic of each of the "
               f"{noncomplete} units that are not complete, normalized; {len(ranked)} patterns):")
    for i, (key, g) in enumerate(ranked[:args.top], 1):
        st = ", ".join(f"{s} {n}" for s, n in sorted(g["statuses"].items()))
        out.append(f"{i:3d}. {g['count']:5d}  {key}")
        out.append(f"            [{st}] e.g. {g['example']}")
    out.append("")

    op_units = collections.Counter()
    for r in records:
        for name in r["unknown_ops"]:
            op_units[name] += 1
    out.append(f"top unknown ops (units in which each appears; {len(op_units)} distinct):")
    for name, n in sorted(op_units.items(), key=lambda kv: (-kv[1], kv[0]))[:args.top]:
        out.append(f"  {n:5d}  {name}")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modcost", help="the modcost-opt binary")
    ap.add_argument("--root", action="append", default=[],
                    help="source root (repeatable, in order; passed as --source-root)")
    ap.add_argument("--package", help="dotted package, e.g. transformers")
    ap.add_argument("--glob", help="files under the package, e.g. 'models/*/modeling_*.py'")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per unit (default 60)")
    ap.add_argument("--sample", help="K/N: analyze a deterministic 1/N of the units")
    ap.add_argument("--json", help="write per-unit records here")
    ap.add_argument("--passes", default="locate,prune,cost,expand")
    ap.add_argument("--top", type=int, default=25, help="how many causes and unknown ops to list")
    ap.add_argument("--limit", type=int, help="only the first N units (for a quick try)")
    ap.add_argument("--progress", action="store_true", help="progress on stderr")
    ap.add_argument("--load", metavar="JSON",
                    help="no runs: print the summary of a previous --json file")
    ap.add_argument("--extra-args", nargs=argparse.REMAINDER, default=[],
                    help="everything after it goes to modcost-opt")
    args = ap.parse_args()

    if args.load:
        with open(args.load, encoding="utf-8") as f:
            doc = json.load(f)
        for k in ("package", "glob", "sample", "passes"):
            setattr(args, k, doc.get(k))
        records = doc["units"]
        sys.stdout.write(summarize(records, args, None, [], doc.get("enumerated", len(records))))
        return 1 if any(r["status"] == "crash" for r in records) else 0
    for opt in ("modcost", "root", "package", "glob"):
        if not getattr(args, opt):
            ap.error(f"--{opt} is required (unless --load)")
    if not os.access(args.modcost, os.X_OK):
        sys.exit(f"coverage.py: {args.modcost} is not an executable")
    for r in args.root:
        if not os.path.isdir(r):
            sys.exit(f"coverage.py: root {r} is not a directory")
    units, parse_errors = enumerate_units(args.root, args.package, args.glob)
    enumerated = len(units)
    if args.sample:
        m = re.fullmatch(r"(\d+)/(\d+)", args.sample)
        if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
            sys.exit("coverage.py: --sample wants K/N with 1 <= K <= N")
        k, n = int(m.group(1)), int(m.group(2))
        units = [u for u in units if zlib.crc32(u["name"].encode()) % n == k - 1]
    if args.limit is not None:
        units = units[:args.limit]
    if not units:
        sys.exit("coverage.py: no class with its own forward() in the matching files")

    start = time.monotonic()
    records = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_unit, u, args) for u in units]
        for i, f in enumerate(concurrent.futures.as_completed(futures), 1):
            records.append(f.result())
            if args.progress and (i % 100 == 0 or i == len(units)):
                el = time.monotonic() - start
                print(f"[{i}/{len(units)}] {el:.0f} s", file=sys.stderr, flush=True)
    wall = time.monotonic() - start
    records.sort(key=lambda r: r["name"])

    sys.stdout.write(summarize(records, args, wall, parse_errors, enumerated))

    if args.json:
        keep = ["name", "file", "line", "status", "failure", "exit", "reason", "cause",
                "undecided", "unknown_ops", "unknown_in_totals", "diagnostics", "kernels",
                "zero_matmul", "matmul_in_source", "totals"]
        for r in records:
            r["cause"] = normalize(r.get("reason", "")) if r["status"] != "complete" else ""
        doc = {"package": args.package, "glob": args.glob, "sample": args.sample,
               "enumerated": enumerated,
               "passes": args.passes, "extra_args": args.extra_args,
               "counts": {s: sum(1 for r in records if r["status"] == s) for s in STATUSES},
               "units": [{k: r.get(k) for k in keep} for r in records]}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, sort_keys=False, ensure_ascii=False)
            f.write("\n")
    bad = [r for r in records if r["status"] == "crash" or r.get("failure") == "timeout"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
