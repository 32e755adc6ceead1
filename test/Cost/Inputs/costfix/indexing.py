# Indexing and stores the differential test broke down: a tensor index is
# a gather, a store into a region writes it, a slice over the whole extent
# stays contiguous, and max over a dim writes int64 indices.
import torch
from torch import nn


class Indexing(nn.Module):
    def __init__(self, hidden_size, table_size):
        super().__init__()
        self.table = nn.Parameter(torch.zeros(table_size, hidden_size))

    def forward(self, hidden_states):
        b, s, h = hidden_states.shape
        idx = torch.arange(s)
        rows = self.table[idx]
        mask = hidden_states.new_zeros(s, s)
        mask[0:2, :] = 1
        hidden_states[:, 0:1] = rows[None, 0:1]
        whole = hidden_states[:, :s, :h].contiguous()
        values, where = whole.max(dim=-1)
        return rows + values.sum()
