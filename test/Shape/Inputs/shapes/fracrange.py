import torch
from torch import nn


class PatchCenters(nn.Module):
    """DINOv3's patch centers and BROS's inverse frequencies: arange with
    a float start or step over a symbolic end."""

    def __init__(self, head_dim):
        super().__init__()
        self.head_dim = head_dim

    def forward(self, height: int, width: int):
        coords_h = torch.arange(0.5, height, dtype=torch.float32)
        coords_w = torch.arange(0.5, width)
        inv_freq = 1 / 10000 ** (torch.arange(0.0, self.head_dim, 2.0) / self.head_dim)
        half = torch.arange(self.head_dim / 2)
        grid = coords_h[:, None] * coords_w[None, :]
        return grid.flatten()[:, None] * inv_freq[None, :] + half.sum()
