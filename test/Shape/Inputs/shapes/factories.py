"""Stochastic-depth schedules and stage boundaries computed in constructors
with torch and numpy on configuration numbers (ConcreteFactories.cpp): the
idioms of transformers' BiT, Swin, PVT and Hiera, reduced."""
import numpy as np
import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, drop_path: float):
        super().__init__()
        self.rate = drop_path
        self.drop_path = nn.Dropout(drop_path) if drop_path > 0.0 else nn.Identity()

    def forward(self, x):
        return self.drop_path(x)


class Schedules(nn.Module):
    def __init__(self, depths=(3, 4, 6, 3), rate: float = 0.1):
        super().__init__()
        # BiT: numpy's float64 values, rounded to float32 by torch.Tensor,
        # split into one list per stage.
        self.bit = [
            x.tolist()
            for x in torch.Tensor(np.linspace(0, rate, sum(depths))).split(depths)
        ]
        # Swin: torch.linspace in float32, one 0-d tensor per element.
        self.swin = [x.item() for x in torch.linspace(0, 2 * rate, 24, device="cpu")]
        # PVT: the whole list at once.
        self.pvt = torch.linspace(0, rate, sum(depths), device="cpu").tolist()
        # Hiera: stage ends.
        self.ends = torch.tensor(depths, device="cpu").cumsum(0).tolist()
        self.total = torch.tensor(depths).sum().item()
        self.first = Block(self.bit[0][0])
        self.last = Block(self.bit[-1][-1])

    def forward(self, x):
        ends = x.new_zeros(self.ends)
        total = x.new_zeros(self.total)
        bit = x.new_zeros([int(r * 1e9) for r in self.bit[2]])
        pvt = x.new_zeros([int(r * 1e9) for r in self.pvt[8:12]])
        swin = x.new_zeros([int(r * 1e9) for r in self.swin[12:16]])
        first = self.first(x)
        return self.last(first)
