# Loops inside a composite callee: the callee's own loop multiplies what it
# accumulates, however deep the call sits.
import torch
from torch import nn


class Stack(nn.Module):
    def __init__(self, hidden_size, num_layers):
        super().__init__()
        self.layers = nn.ModuleList(
            [nn.Linear(hidden_size, hidden_size, bias=False) for _ in range(num_layers)]
        )

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return hidden_states


class Wrapper(nn.Module):
    def __init__(self, hidden_size, num_layers):
        super().__init__()
        self.stack = Stack(hidden_size, num_layers)

    def forward(self, hidden_states):
        return self.stack(hidden_states)


class Outer(nn.Module):
    def __init__(self, hidden_size, num_layers, num_groups):
        super().__init__()
        self.groups = nn.ModuleList([Wrapper(hidden_size, num_layers) for _ in range(num_groups)])

    def forward(self, hidden_states):
        for group in self.groups:
            hidden_states = group(hidden_states)
        return hidden_states
