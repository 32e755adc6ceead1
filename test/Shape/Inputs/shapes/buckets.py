import math

import torch
from torch import nn


class Buckets(nn.Module):
    """T5-style relative position buckets and a `-`-separated setting."""

    def __init__(self, act="gated-gelu", num_buckets=32, max_distance=128):
        super().__init__()
        parts = act.split("-")
        self.gated = parts[0] == "gated"
        self.width = len(parts) * 8
        self.num_buckets = num_buckets
        self.max_distance = max_distance

    def forward(self, x):
        pos = x.to(torch.long)
        exact = self.num_buckets // 2
        large = exact + (
            torch.log(pos.float() / exact) / math.log(self.max_distance / exact) * (self.num_buckets - exact)
        ).to(torch.long)
        capped = torch.min(large, torch.full_like(large, self.num_buckets - 1))
        floor = torch.max(pos, torch.zeros_like(pos))
        picked = torch.where(pos < exact, pos, capped)
        gate = torch.zeros(self.width) if self.gated else torch.zeros(1)
        acc = 0
        acc += picked
        return capped, floor, picked, gate, acc
