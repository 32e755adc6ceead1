import torch
from torch import nn


class Dense(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.proj = nn.Linear(hidden, hidden)

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class Sparse(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.up = nn.Linear(hidden, 4 * hidden)

    def forward(self, hidden_states):
        return self.up(hidden_states)


class Layer(nn.Module):
    def __init__(self, hidden, layer_idx, dense_only, step):
        super().__init__()
        if layer_idx not in dense_only and (layer_idx + 1) % step == 0 and layer_idx >= 0:
            self.mlp = Dense(hidden)
        else:
            self.mlp = Sparse(hidden)

    def forward(self, hidden_states):
        return self.mlp(hidden_states)


class Stack(nn.Module):
    def __init__(self, num_layers, hidden=8):
        super().__init__()
        self.layers = nn.ModuleList(
            [Layer(hidden, i, [], 1) for i in range(num_layers)]
        )

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return hidden_states


class Growing(nn.Module):
    def __init__(self, num_layers):
        super().__init__()
        self.num_layers = num_layers

    def forward(self, hidden_states):
        total = hidden_states
        for i in range(self.num_layers):
            total = total + hidden_states[:, :i].sum()
        return total


class Triangle(nn.Module):
    """A loop over more known indices than are unrolled (`range(1, 40)`)."""

    def forward(self, hidden_states):
        total = hidden_states
        for i in range(1, 40):
            total = total + hidden_states[:, :i].sum()
        return total
