"""Attention over partitions written as maxvit writes it
(RelativePositionalMultiHeadAttention, SwapAxes), reduced: an einsum whose
equation has spaces and upper-case subscripts, torch.swapaxes."""
import torch
from torch import nn


class PartitionAttention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.to_qkv = nn.Linear(dim, 3 * dim)

    def forward(self, x):
        B, G, P, D = x.shape
        H = self.heads
        x = torch.swapaxes(x, -2, -3)
        q, k, v = torch.chunk(self.to_qkv(x), 3, dim=-1)
        q = q.reshape(B, P, G, H, D // H).permute(0, 1, 3, 2, 4)
        k = k.reshape(B, P, G, H, D // H).permute(0, 1, 3, 2, 4)
        v = v.reshape(B, P, G, H, D // H).permute(0, 1, 3, 2, 4)
        dot = torch.einsum("B P H I D, B P H J D -> B P H I J", q, k)
        out = torch.einsum("BPHIJ,BPHJD->BPHID", dot.softmax(dim=-1), v)
        return out.swapaxes(1, 3)
