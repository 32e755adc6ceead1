import torch
from torch import nn


class Dense(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.proj = nn.Linear(hidden, hidden)

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class Wide(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.up = nn.Linear(hidden, 4 * hidden)

    def forward(self, hidden_states):
        return self.up(hidden_states)[..., : hidden_states.shape[-1]]


class Layer(nn.Module):
    def __init__(self, hidden, layer_idx, first_wide, has_bias):
        super().__init__()
        self.has_bias = has_bias
        if layer_idx >= first_wide:
            self.mlp = Wide(hidden)
        else:
            self.mlp = Dense(hidden)
        if has_bias:
            self.bias = nn.Linear(hidden, hidden)

    def forward(self, hidden_states):
        if self.has_bias:
            hidden_states = self.bias(hidden_states)
        return self.mlp(hidden_states)


class Stack(nn.Module):
    def __init__(self, num_layers, hidden=8, first_wide=2):
        super().__init__()
        self.layers = nn.ModuleList(
            [Layer(hidden, i, first_wide, bool(i == 0)) for i in range(num_layers)]
        )

    def forward(self, hidden_states):
        for i, layer in enumerate(self.layers[:num_layers_of(self)]):
            hidden_states = layer(hidden_states)
        return hidden_states


def num_layers_of(module):
    return len(module.layers)


class Opaque(nn.Module):
    def __init__(self, num_layers, first_wide, hidden=8):
        super().__init__()
        self.layers = nn.ModuleList(
            [Layer(hidden, i, first_wide, False) for i in range(num_layers)]
        )

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return hidden_states


class LoopStack(nn.Module):
    # The same stack built by a loop that appends: layer 0 has the bias.
    def __init__(self, num_layers, hidden=8):
        super().__init__()
        self.layers = nn.ModuleList()
        for i in range(num_layers):
            self.layers.append(Layer(hidden, i, 0, bool(i == 0)))

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return hidden_states


class ListStack(nn.Module):
    # Appended to a local list first, then wrapped.
    def __init__(self, num_layers, hidden=8):
        super().__init__()
        layers = []
        for i in range(num_layers):
            has_bias = i == 0
            layers.append(Layer(hidden, i, 0, has_bias))
        self.layers = nn.ModuleList(layers)

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return hidden_states


class ListedStack(nn.Module):
    # Layers 1 and 3 have the bias: `i in (1, 3)` splits at 1, 2, 3 and 4.
    def __init__(self, num_layers, hidden=8, biased=(1, 3)):
        super().__init__()
        self.layers = nn.ModuleList()
        for i in range(num_layers):
            self.layers.append(Layer(hidden, i, 0, i in biased))

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return hidden_states
