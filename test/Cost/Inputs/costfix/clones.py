# Layers cloned with copy.deepcopy (the way torch's _get_clones builds a
# stack), and a norm whose input comes out of layers the evaluator cannot
# follow.
import copy

from torch import nn


def _clones(layer, n):
    return nn.ModuleList([copy.deepcopy(layer) for _ in range(n)])


class Block(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size, bias=False)
        self.gated = False

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class Cloned(nn.Module):
    def __init__(self, hidden_size, num_layers):
        super().__init__()
        block = Block(hidden_size)
        self.layers = _clones(block, num_layers)
        self.spare = copy.copy(block)
        self.norm = nn.LayerNorm(hidden_size)

    def forward(self, hidden_states):
        first = self.layers[0]
        if not isinstance(first, Block):
            hidden_states = hidden_states * 3
        if first.gated or self.spare.gated:
            hidden_states = hidden_states * 2
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return self.norm(hidden_states)


class Opaque(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.layers = build_elsewhere(hidden_size)  # noqa: F821 (not resolvable)
        self.norm = nn.LayerNorm(hidden_size)

    def forward(self, hidden_states):
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return self.norm(hidden_states)
