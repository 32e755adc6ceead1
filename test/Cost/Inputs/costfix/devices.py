"""Device comparisons: every tensor of an inference run is on one device."""
import torch
from torch import nn


class SameDevice(nn.Module):
    def __init__(self, n: int, d: int):
        super().__init__()
        self.register_buffer("table", torch.zeros(n, d))

    def forward(self, hidden_states):
        table = self.table
        if table.device != hidden_states.device:
            table = table.to(hidden_states.device)
        if table.device == hidden_states.device:
            hidden_states = hidden_states * 2.0
        return hidden_states
