import importlib
import operator
import os

import torch
from torch import nn


def scale_of(fn):
    if callable(fn):
        return 2
    return 3


class EnvBlock(nn.Module):
    """Branches on os.getenv, callable() and operator.index."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(16, 16)

    def forward(self, x):
        if os.getenv("COSTFIX_FAST", "0") == "1":
            return x
        h = self.proj(x)
        if operator.index(len(h.shape)) < 0:
            raise ValueError("negative")
        if callable("not a function"):
            h = h * 5
        h = h * scale_of(torch.relu)
        # A module imported by name: its function runs like any other.
        stdlib = importlib.import_module(".stdlib", "costfix")
        return h * stdlib.scale_of("x")
