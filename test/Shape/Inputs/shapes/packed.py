"""Packed (variable-length) sequences, as vision encoders split them: the
tokens of all sequences on one axis, `cu_seqlens` their cumulative lengths
(SymbolicElements.cpp), reduced from Qwen2-VL's VisionAttention."""
import torch
from torch import nn


class PackedAttention(nn.Module):
    def __init__(self, dim: int = 64):
        super().__init__()
        self.qkv = nn.Linear(dim, dim * 3)

    def forward(self, hidden_states, cu_seqlens):
        q, k, v = self.qkv(hidden_states).chunk(3, dim=-1)
        lengths = cu_seqlens[1:] - cu_seqlens[:-1]
        sizes = hidden_states.new_zeros(lengths.tolist())
        last = hidden_states.new_zeros(cu_seqlens[-1].item())
        pieces = torch.split(q, lengths.tolist(), dim=0)
        scores = [p @ p.transpose(0, 1) for p in pieces]
        return torch.cat([s.sum(-1) for s in scores], dim=0)
