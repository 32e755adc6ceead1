# Fixtures written for modcost's tests: facts a run learns from the code
# and the inputs rather than from a shape convention.
import torch
from torch import nn


class GuardedMask(nn.Module):
    """A guard that raises on a wrong mask shape states the mask's shape."""

    def forward(self, x, mask):
        b, t, d = x.size()
        expected = (b, 1, t, t)
        if mask.size() != expected:
            raise ValueError("bad mask")
        scores = x @ x.transpose(1, 2)
        return scores.unsqueeze(1) + mask


class EqualShape(nn.Module):
    """`==` that must hold: the tensor has the other side's shape."""

    def forward(self, x, y):
        if not (y.shape == x.shape):
            raise ValueError("shapes differ")
        assert y.shape == x.shape
        return x * y


class RepeatedConfig(nn.Module):
    """Layer configs built by list repetition, as wav2vec2's extractor."""

    def __init__(self):
        super().__init__()
        cfg = [(8, 10, 5)] + [(8, 3, 2)] * 2
        blocks = []
        cin = 1
        for i, (c, k, s) in enumerate(cfg):
            if i == 0:
                blocks.append(nn.Conv1d(cin, c, k, s, bias=False))
            else:
                blocks.append(nn.Conv1d(cin, c, k, s))
            cin = c
        self.layers = nn.ModuleList(blocks)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class LengthsMask(nn.Module):
    """A padding mask from sequence lengths, as torchaudio's Conformer."""

    def forward(self, x, lengths):
        max_length = int(torch.max(lengths).item())
        mask = torch.arange(max_length).expand(lengths.shape[0], max_length) >= lengths.unsqueeze(1)
        if mask.dtype != torch.bool and not torch.is_floating_point(mask):
            raise ValueError("mask must be bool or float")
        return x.masked_fill(mask.unsqueeze(-1), 0.0)
