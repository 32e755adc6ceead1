import torch
from torch import nn


class Scaled(nn.Module):
    """Gemma's idiom: a zero-dimensional tensor holding sqrt(hidden_size)."""

    def __init__(self, hidden_size):
        super().__init__()
        self.embed_scale = torch.tensor(hidden_size**0.5)
        self.half = torch.tensor(hidden_size / 2)
        self.count = torch.tensor(hidden_size // 2 + 1)

    def forward(self, hidden_states):
        scaled = hidden_states * self.embed_scale.to(hidden_states.dtype)
        return scaled * self.half + self.count
