"""Inputs whose rank nothing in the code fixes (torch's `(*)`)."""
import torch
from torch import nn
import torch.nn.functional as F


class Act(nn.Module):
    """An activation: one op per element, whatever the rank."""

    def forward(self, x):
        return F.gelu(x)


class LastDim(nn.Module):
    """A softmax and a sum over the last dimension, then a scaling."""

    def forward(self, x):
        p = F.softmax(x, dim=-1)
        return p.sum(-1) * 2.0


class Whole(nn.Module):
    """A reduction over all elements."""

    def forward(self, x):
        return torch.tanh(x).mean()


class ReadsRank(nn.Module):
    """The code reads the rank: no rank is assumed."""

    def forward(self, x):
        if x.dim() == 3:
            return x.relu()
        return x.sigmoid()


class Indexed(nn.Module):
    """An indexing ties the rank: the input keeps no shape."""

    def forward(self, x):
        y = torch.sigmoid(x)
        return y[:, 0]


class Inner(nn.Module):
    """A helper function reads the rank of what it is given."""

    def forward(self, x):
        return _first_row(torch.exp(x))


def _first_row(t):
    return t.flatten(1) * 3.0


class ScaledNorm(nn.Module):
    """Gemma's RMSNorm: a method of self normalizes over the last dimension
    (a keepdim mean broadcast back), then a vector weight scales it."""

    def __init__(self, dim: int, eps: float = 1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.zeros(dim))

    def _norm(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)

    def forward(self, x):
        output = self._norm(x.float())
        output = output * (1.0 + self.weight.float())
        return output.type_as(x)
