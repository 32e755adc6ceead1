import torch
from torch import nn


class LocalWindowMask(nn.Module):
    """GPT-Neo's local attention: a causal mask with a window cut out by xor."""

    def __init__(self, max_positions=16, window_size=4):
        super().__init__()
        bias = torch.tril(torch.ones((max_positions, max_positions), dtype=bool))
        bias = torch.bitwise_xor(bias, torch.tril(bias, -window_size))
        self.register_buffer("bias", bias.view(1, 1, max_positions, max_positions))

    def forward(self, scores):
        n = scores.size(-1)
        mask = self.bias[:, :, :n, :n]
        return torch.where(mask, scores, torch.tensor(-1e4))


class MaskAlgebra(nn.Module):
    def forward(self, a: torch.Tensor, b: torch.Tensor):
        m = (a > 0) ^ (b > 0)
        m = torch.logical_xor(m, a < b)
        m = m.bitwise_or(b > 1)
        return torch.bitwise_not(m)
