import torch
from torch import nn


class ClippedLinear(nn.Module):
    """Gemma-4's clippable linear: bounds spelled float("-inf")/("inf")."""

    def __init__(self, in_features, out_features):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features, bias=False)
        self.register_buffer("input_min", torch.tensor(float("-inf")))
        self.register_buffer("input_max", torch.tensor(float(" INF ")))
        self.eps = float("1e-6")

    def forward(self, hidden_states):
        hidden_states = torch.clamp(hidden_states, self.input_min, self.input_max)
        return self.linear(hidden_states) * self.eps
