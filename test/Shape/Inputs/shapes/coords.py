"""Swin V2's continuous position bias, reduced
(ShiftedWindowAttentionV2.define_relative_position_bias_table and
shifted_window_attention): a table of log-spaced relative coordinates built
in the constructor (torch.meshgrid of a list, stores into slices, sign,
log2), fed to an MLP in forward; the middle third of a bias zeroed in
place."""
import torch
import torch.nn.functional as F
from torch import nn


class CoordsMLP(nn.Module):
    def __init__(self, window: int = 8, hidden: int = 64, heads: int = 3):
        super().__init__()
        self.heads = heads
        self.mlp = nn.Sequential(nn.Linear(2, hidden), nn.ReLU(inplace=True),
                                 nn.Linear(hidden, heads, bias=False))
        self.qkv = nn.Linear(heads, 3 * heads)
        coords_h = torch.arange(-(window - 1), window, dtype=torch.float32)
        coords_w = torch.arange(-(window - 1), window, dtype=torch.float32)
        table = torch.stack(torch.meshgrid([coords_h, coords_w], indexing="ij"))
        table = table.permute(1, 2, 0).contiguous().unsqueeze(0)
        table[:, :, :, 0] /= window - 1
        table[:, :, :, 1] /= window - 1
        table *= 8
        table = torch.sign(table) * torch.log2(torch.abs(table) + 1.0) / 3.0
        self.register_buffer("table", table)

    def forward(self, x):
        bias = self.mlp(self.table).view(-1, self.heads)
        x = x + 16 * torch.sigmoid(bias)
        qkv_bias = self.qkv.bias.clone()
        length = qkv_bias.numel() // 3
        qkv_bias[length : 2 * length].zero_()
        return F.linear(x, self.qkv.weight, qkv_bias)
