import torch
from torch import nn

from .masks import build_mask


class MaskedScores(nn.Module):
    def forward(self, hidden_states):
        seq = hidden_states.shape[1]
        scores = torch.matmul(hidden_states, hidden_states.transpose(1, 2))
        mask = build_mask(seq, seq)
        return scores.masked_fill(mask, 0.0)
