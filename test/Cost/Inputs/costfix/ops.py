# Cost-rule fixtures written for modcost's tests.
import torch
from torch import nn
import torch.nn.functional as F


class Elementwise(nn.Module):
    def forward(self, hidden_states):
        a = hidden_states * 2 + hidden_states
        b = F.silu(a)
        c = torch.softmax(b, dim=-1)
        d = c.sum(dim=-1, keepdim=True)
        e = b.transpose(1, 2).contiguous()
        f = e.view(-1)
        hidden_states += 1
        return d, f


class WithUnknown(nn.Module):
    def forward(self, hidden_states):
        y = torch.ops.mylib.fused_norm(hidden_states)
        z = y @ y.transpose(-1, -2)
        return z


class Looping(nn.Module):
    def __init__(self, hidden_size, depth):
        super().__init__()
        self.depth = depth

    def forward(self, hidden_states, steps):
        for _ in range(3):
            hidden_states = hidden_states * 2
        for _ in range(int(steps.max())):
            hidden_states = hidden_states + 1
        return hidden_states


class Recursive(nn.Module):
    def forward(self, hidden_states):
        y = hidden_states * 2
        return self.forward(y)


def unbounded(hidden_states, n):
    return unbounded(hidden_states + 1, n - 1)


class Scaled(Elementwise):
    def forward(self, hidden_states):
        out = super().forward(hidden_states)
        return out[0] * 3
