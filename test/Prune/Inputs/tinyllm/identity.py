# Tensor identity (`is`): distinct inputs, computed tensors, ops that return
# their argument, parameters read twice, and joins.
import torch
from torch import nn


def project(q, k, v):
    # The shape of torch's packed in-projection: self-attention, or
    # encoder-decoder attention with one key/value source. Each path costs
    # differently per element: tanh 5, sigmoid 4, a multiply 1.
    if k is v:
        if q is k:
            return torch.tanh(q)
        return torch.sigmoid(q)
    return q * 3


class CrossAttend(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.norm = nn.LayerNorm(hidden_size)
        self.drop = nn.Dropout(0.1)
        self.scale = nn.Parameter(torch.ones(hidden_size))

    def forward(self, hidden_states, memory):
        x = self.norm(hidden_states)
        a = project(x, memory, memory)
        same = x.contiguous()
        b = project(same, x, x)
        if self.drop(x) is not x:
            a = a * 4
        if self.scale is not self.scale:
            a = a * 5
        c = x.clone()
        if c is x:
            a = a * 6
        x.mul_(2)
        y = x.add_(1)
        if y is not x:
            a = a * 7
        z = x if hidden_states.sum() > 0 else memory
        if z is x:
            a = a * 8
        h = x.half()
        f = h.float()
        if f is x:
            a = a * 9
        if x.float() is x:
            a = a * 10
        return a + b
