#!/usr/bin/python3
"""Benchmark (d) of utils/bench.sh: what a user would otherwise run to learn
a module's cost. In one fresh process: import torch, build the module, run
it once on a random input under utils/oracle.py's TorchDispatchMode counter.
Prints `NAME: matmul FLOPs N` (the process's wall time is measured by the
caller, as for modcost-opt).

Usage: bench-dispatch.py linear | encoder-layer | resnet50
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import torch  # noqa: E402

from oracle import Counter  # noqa: E402


def build(name):
    if name == "linear":
        return torch.nn.Linear(1024, 1024), torch.randn(1, 128, 1024)
    if name == "encoder-layer":
        layer = torch.nn.TransformerEncoderLayer(512, 8, batch_first=True)
        return layer.eval(), torch.randn(1, 128, 512)
    if name == "resnet50":
        import torchvision
        return torchvision.models.resnet50().eval(), torch.randn(1, 3, 224, 224)
    sys.exit(__doc__)


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    module, x = build(name)
    counter = Counter()
    with torch.no_grad(), counter:
        module(x)
    print(f"{name}: matmul FLOPs {counter.matmul}")


if __name__ == "__main__":
    main()
