# A helper method of a module that sits five calls deep, and gated linear
# units over a chosen dimension.
import torch
from torch import nn
import torch.nn.functional as F


class Leaf(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size, hidden_size))

    def _project(self, x):
        return x @ self.weight

    def forward(self, x):
        return self._project(x)


class Wrap1(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.inner = Leaf(hidden_size)

    def forward(self, x):
        return self.inner(x)


class Wrap2(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.inner = Wrap1(hidden_size)

    def forward(self, x):
        return self.inner(x)


class Wrap3(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.inner = Wrap2(hidden_size)

    def forward(self, x):
        return self.inner(x)


class Wrap4(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.inner = Wrap3(hidden_size)

    def forward(self, x):
        return self.inner(x)


class Deep(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.stack = Wrap4(hidden_size)

    def forward(self, hidden_states):
        return self.stack(hidden_states)


class Gated(nn.Module):
    def __init__(self):
        super().__init__()
        self.glu = nn.GLU(dim=1)

    def forward(self, hidden_states):
        last = F.glu(hidden_states)
        mid = F.glu(hidden_states, dim=1)
        mod = self.glu(hidden_states)
        return last, mid, mod
