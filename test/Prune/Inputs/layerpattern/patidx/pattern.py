import torch
from torch import nn


class Local(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.proj = nn.Linear(hidden, hidden)

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class Full(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.up = nn.Linear(hidden, 4 * hidden)

    def forward(self, hidden_states):
        return self.up(hidden_states)[..., : hidden_states.shape[-1]]


class Layer(nn.Module):
    def __init__(self, hidden, layer_types, layer_idx):
        super().__init__()
        self.layer_type = layer_types[layer_idx]
        if self.layer_type == "full":
            self.mix = Full(hidden)
        else:
            self.mix = Local(hidden)

    def forward(self, hidden_states, mask=None):
        return self.mix(hidden_states)


class PatternStack(nn.Module):
    """Every third layer full, as a config's `layer_types` lists it."""

    def __init__(self, num_layers, hidden=8, full_every=3):
        super().__init__()
        self.layer_types = [
            "local" if bool((i + 1) % full_every) else "full"
            for i in range(num_layers)
        ]
        self.layers = nn.ModuleList(
            [Layer(hidden, self.layer_types, i) for i in range(num_layers)]
        )

    def forward(self, hidden_states):
        masks = {"full": None, "local": None}
        for i, layer in enumerate(self.layers[: len(self.layers)]):
            hidden_states = layer(hidden_states, masks[self.layer_types[i]])
        return hidden_states


class EvenLayer(nn.Module):
    def __init__(self, hidden, layer_idx):
        super().__init__()
        if layer_idx % 2 == 0:
            self.mix = Full(hidden)
        else:
            self.mix = Local(hidden)

    def forward(self, hidden_states):
        return self.mix(hidden_states)


class AlternatingStack(nn.Module):
    """Even layers full: the index modulo 2 in the layer's constructor."""

    def __init__(self, num_layers, hidden=8):
        super().__init__()
        self.layers = nn.ModuleList([EvenLayer(hidden, i) for i in range(num_layers)])

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return hidden_states


class CrossLayer(nn.Module):
    def __init__(self, hidden, layer_idx, cross_every=2):
        super().__init__()
        if layer_idx % cross_every == 0:
            self.cross = nn.Linear(hidden, hidden)
            self.has_cross = True
        else:
            self.has_cross = False
        self.ffn = nn.Linear(hidden, hidden)

    def forward(self, hidden_states):
        if self.has_cross:
            hidden_states = self.cross(hidden_states)
        return self.ffn(hidden_states)


class IndexedStack(nn.Module):
    """A forward loop over range(n) that indexes the stack (BLIP-2's Q-Former)."""

    def __init__(self, num_layers, hidden=8):
        super().__init__()
        self.num_layers = num_layers
        self.layer = nn.ModuleList([CrossLayer(hidden, i) for i in range(num_layers)])

    def forward(self, hidden_states):
        for i in range(self.num_layers):
            layer_module = self.layer[i]
            hidden_states = layer_module(hidden_states)
        return hidden_states
