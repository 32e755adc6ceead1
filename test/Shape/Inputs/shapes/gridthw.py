"""A packed vision encoder (SymbolicElements.cpp): `grid_thw` holds one row
[t, h, w] per image, from which the encoder computes its patch positions and
the cumulative lengths it splits its attention by. Reduced from
transformers' vision_utils (get_vision_position_ids, get_vision_cu_seqlens)
and Qwen2-VL's vision encoder."""
import torch
import torch.nn.functional as F
from torch import nn


def position_ids_of(grid_thw, spatial_merge_size):
    if isinstance(spatial_merge_size, int):
        spatial_merge_size = torch.tensor([spatial_merge_size]).expand(len(grid_thw))
    position_ids = []
    for (t, h, w), m in zip(grid_thw.tolist(), spatial_merge_size.tolist()):
        hpos, wpos = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
        hpos = hpos.reshape(h // m, m, w // m, m).transpose(1, 2).flatten()
        wpos = wpos.reshape(h // m, m, w // m, m).transpose(1, 2).flatten()
        position_ids.append(torch.stack([hpos, wpos], dim=-1).repeat(t, 1))
    return torch.cat(position_ids, dim=0)


def cu_seqlens_of(grid_thw):
    seqlens = torch.repeat_interleave(grid_thw[:, 1] * grid_thw[:, 2], grid_thw[:, 0])
    return F.pad(seqlens.cumsum(dim=0, dtype=torch.int32), (1, 0), value=0)


class PackedVisionEncoder(nn.Module):
    def __init__(self, dim: int = 64):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, hidden_states, grid_thw):
        position_ids = position_ids_of(grid_thw, 1)
        cu_seqlens = cu_seqlens_of(grid_thw)
        rows = grid_thw[0]
        lengths = cu_seqlens[1:] - cu_seqlens[:-1]
        x = self.proj(hidden_states)
        pieces = torch.split(x, lengths.tolist(), dim=0)
        scores = [p @ p.transpose(0, 1) for p in pieces]
        return torch.cat([s.sum(-1) for s in scores], dim=0) + position_ids[:, 0]
