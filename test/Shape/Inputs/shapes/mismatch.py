import torch
from torch import nn


class Mismatched(nn.Module):
    """A bias laid out for the wrong axes: seq_len meets num_heads."""

    def __init__(self, num_heads):
        super().__init__()
        self.num_heads = num_heads

    def forward(self, scores: torch.Tensor, bias: torch.Tensor):
        shifted = scores + bias
        return shifted.softmax(-1)


class Residual(nn.Module):
    """Two model sizes the code assumes equal: the first is kept."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv1d(in_channels, out_channels, 1)

    def forward(self, x: torch.Tensor):
        return x + self.conv(x)


def apply_padding(hidden_states, attention_mask):
    if attention_mask is not None:
        hidden_states = hidden_states * attention_mask[:, :, None]
    return hidden_states


class PaddingMixer(nn.Module):
    """A 2-D padding mask, spelled `mask[:, :, None]` inside a helper."""

    def __init__(self, hidden_size):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states: torch.Tensor, attention_mask=None):
        return self.proj(apply_padding(hidden_states, attention_mask))


def and_masks(*mask_functions):
    def and_mask(q_idx, kv_idx):
        result = q_idx.new_ones((), dtype=torch.bool)
        for mask in mask_functions:
            result = result & mask(q_idx, kv_idx)
        return result

    return and_mask


def causal(q_idx, kv_idx):
    return kv_idx <= q_idx


def window(q_idx, kv_idx):
    return q_idx - kv_idx < 4


class NestedMasks(nn.Module):
    """Each `and_masks` call makes its own `and_mask`: one calling another
    with the same arguments is no cycle."""

    def forward(self, q_idx: torch.Tensor, kv_idx: torch.Tensor):
        inner = and_masks(causal, window)
        outer = and_masks(inner, causal)
        return outer(q_idx, kv_idx)
