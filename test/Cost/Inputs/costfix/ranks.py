"""Inputs with no naming convention whose uses reveal their rank."""
import torch
from torch import nn


class ClsHead(nn.Module):
    """The indexing spells out rank 3; the Linear fed with its result pins
    the last dimension."""

    def __init__(self, width: int = 64):
        super().__init__()
        self.dropout = nn.Dropout(0.1)
        self.dense = nn.Linear(width, 8)

    def forward(self, features):
        x = features[:, 0, :]
        x = self.dropout(x)
        return self.dense(x)


class Unpacked(nn.Module):
    """`b, n, c = x.shape`: rank 3, named by the profile."""

    def forward(self, x):
        b, n, c = x.shape
        return (x * 2.0).reshape(b * n, c)


class Decomposed(nn.Module):
    """A moving average over time, as in series decomposition: the
    permute of all dimensions gives rank 3."""

    def __init__(self):
        super().__init__()
        self.avg = nn.AvgPool1d(kernel_size=3, stride=1, padding=1)

    def forward(self, x):
        trend = self.avg(x.permute(0, 2, 1)).permute(0, 2, 1)
        return x - trend


class Stages(nn.Module):
    """A loop over a module list: its first module is the first consumer."""

    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleList([nn.Linear(32, 32), nn.Linear(32, 32)])

    def forward(self, hidden_state):
        for stage in self.stages:
            hidden_state = stage(hidden_state)
        return hidden_state


class Helper(nn.Module):
    """The input goes into a helper method first; the helper's uses give
    its rank."""

    def _split(self, t):
        b, n, c = t.size()
        return t.reshape(b, n, 2, c // 2) * 0.5

    def forward(self, x):
        return self._split(x)


class Disagree(nn.Module):
    """Two uses that disagree on the rank: no shape is assumed."""

    def forward(self, x):
        b, c = x.shape
        return x[:, 0, :] * 2.0
