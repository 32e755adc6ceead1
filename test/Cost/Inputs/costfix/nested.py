# One forward() shared by nested instances (a Sequential inside a
# Sequential, a block inside a block of its own class) is not a cycle: each
# call runs on another object.
import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, hidden_size, inner=None):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size, bias=False)
        self.inner = inner

    def forward(self, hidden_states):
        hidden_states = self.proj(hidden_states)
        if self.inner is not None:
            hidden_states = self.inner(hidden_states)
        return hidden_states


class Nested(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.outer = Block(hidden_size, Block(hidden_size, Block(hidden_size)))
        self.seq = nn.Sequential(nn.Sequential(nn.Linear(hidden_size, hidden_size, bias=False)), nn.ReLU())

    def forward(self, hidden_states):
        hidden_states = self.outer(hidden_states)
        return self.seq(hidden_states)
