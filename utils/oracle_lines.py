"""Bytes by source line, for `oracle.py --by-line`: the counter's and modcost's.

The counter side (LineCounter) attributes the bytes of every aten op to the
innermost Python frame in a model's source (torch.nn, torch/functional.py,
torchvision, torchaudio), with the op's name. The modcost side
(modcost_lines) reads the unit's report and its composite reports: a
line's own bytes are its kernel's values less those of the composites it
calls, times the number of calls of its report in one run of the unit
(along the references, with their calls per line). Both are keyed by (file relative to the source root,
first line of the statement), so they can be compared line by line.
"""
import json
import pathlib
import sys

# Source files whose lines the two sides price (relative to the root).
MODEL_SOURCES = ("torchvision/", "torchaudio/", "torch/nn/", "torch/functional.py")
# Module plumbing: its frames are not the line that computes.
PLUMBING = ("torch/nn/modules/module.py",)


def relative_source(filename):
    """The path of \\p filename below a dist-packages root, or None."""
    marker = "dist-packages/"
    at = filename.find(marker)
    if at < 0:
        return None
    rel = filename[at + len(marker):]
    if not rel.startswith(MODEL_SOURCES) or rel.startswith(PLUMBING):
        return None
    return rel


def model_frames():
    """The (file, line) of every frame in a model's source, innermost
    first."""
    frames = []
    frame = sys._getframe(2)
    while frame is not None:
        rel = relative_source(frame.f_code.co_filename)
        if rel is not None:
            frames.append((rel, frame.f_lineno))
        frame = frame.f_back
    return tuple(frames)


def line_counter(base):
    """A subclass of the counter \\p base that also keeps the bytes it
    counted per op name and per stack of model frames (model_frames)."""

    class LineCounter(base):
        def __init__(self):
            super().__init__()
            self.lines = {}

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            before = self.bytes
            out = super().__torch_dispatch__(func, types, args, kwargs)
            delta = self.bytes - before
            if delta:
                ops = self.lines.setdefault(model_frames(), {})
                name = func.overloadpacket.__name__
                ops[name] = ops.get(name, 0) + delta
            return out

    return LineCounter


def _number(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _report(out, stem, cache):
    if stem not in cache:
        cache[stem] = json.loads(pathlib.Path(out, stem + ".json").read_text())
    return cache[stem]


def _total_bytes(report):
    t = report["totals"]
    return int(t["read_bytes"]["value"]) + int(t["write_bytes"]["value"])


def _lines_per_call(out, stem, cache, memo):
    """{(file, line): [end_line, code, bytes]} of one call of a report: its
    lines' own bytes and, recursively, those of the composites they call."""
    if stem in memo:
        return memo[stem]
    report = _report(out, stem, cache)
    path = report["source"]["forward_file"]
    lines = {}

    def add(key, end, code, b):
        entry = lines.setdefault(key, [end, code, 0])
        entry[2] += b

    for k in report["kernels"]:
        values = k.get("values") or {}
        if values.get("read") is None or values.get("write") is None:
            raise ValueError(f"{stem} line {k['line']}: bytes not numeric")
        own = int(values["read"]) + int(values["write"])
        for ref in k.get("references") or []:
            times = _number(ref.get("calls_per_line") or "1")
            if times is None:
                raise ValueError(f"{stem} line {k['line']}: symbolic calls per line")
            child = _report(out, ref["report"], cache)
            own -= _total_bytes(child) * times
            for key, (end, code, b) in _lines_per_call(out, ref["report"], cache,
                                                       memo).items():
                add(key, end, code, b * times)
        add((path, k["line"]), k["end_line"], k["code"], own)
    memo[stem] = lines
    return lines


def modcost_lines(out, name):
    """{(file, line): [end_line, code, bytes]} over one run of the unit."""
    return _lines_per_call(out, name, {}, {})


def compare(counter_lines, static_lines, limit=40):
    """Prints lines whose bytes differ, largest difference first: the
    counter's bytes (by op), modcost's, and modcost minus the counter."""
    merged = {}
    spans = {}
    for (path, line), (end, code, _) in static_lines.items():
        spans.setdefault(path, []).append((line, end))

    def statement(frame):
        """The first line of modcost's statement that holds \\p frame."""
        path, line = frame
        return next(((path, s) for s, e in spans.get(path, []) if s <= line <= e), None)

    for frames, ops in counter_lines.items():
        # The innermost frame on a line modcost prices: a function modcost
        # prices as one op (F.glu) counts on its caller's line.
        key = next((k for k in map(statement, frames) if k), frames[0] if frames else ("?", 0))
        slot = merged.setdefault(key, [{}, 0])
        inner = "" if frames and key == frames[0] else \
            " at %s:%d" % frames[0] if frames else ""
        for op, b in ops.items():
            slot[0][op + inner] = slot[0].get(op + inner, 0) + b
    for key, (_, _, b) in static_lines.items():
        merged.setdefault(key, [{}, 0])[1] += b
    rows = []
    for (path, line), (ops, static) in merged.items():
        measured = sum(ops.values())
        if static != measured:
            rows.append((static - measured, path, line, ops, static, measured))
    rows.sort(key=lambda r: -abs(r[0]))
    total = sum(r[0] for r in rows)
    print(f"  by line: modcost minus counter {total:+d} bytes over {len(rows)} lines")
    for diff, path, line, ops, static, measured in rows[:limit]:
        code = (static_lines.get((path, line), [0, ""])[1].splitlines() or [""])[0][:60]
        byop = ", ".join(f"{op} {b}" for op, b in sorted(ops.items(), key=lambda o: -o[1]))
        print(f"  {diff:+d} {path}:{line} `{code}` modcost {static} counter {measured}"
              f" ({byop})")
