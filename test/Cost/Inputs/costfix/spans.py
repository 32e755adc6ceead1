"""Random spans marked in a [batch, frames] mask, then used to pick rows."""
import torch
from torch import nn


def random_spans(batch, frames, rate, span, least=0):
    marked = torch.full((batch, frames), False)
    count = int(rate * frames / float(span) + torch.rand(1))
    count = max(least, count)
    spans = torch.full((count,), span)
    if sum(spans) == 0:
        spans[0] = 1
    shortest = min(spans)
    starts = torch.randperm(frames - shortest)[:count]
    picked = torch.tensor(
        [starts[k] + d for k in range(len(starts)) for d in range(spans[k])]
    )
    picked = torch.unique(picked[picked < frames])
    for b in range(batch):
        marked[b, picked] = True
    return marked


class SpanPicker(nn.Module):
    def __init__(self, dim: int, classes: int):
        super().__init__()
        self.fill = nn.Parameter(torch.FloatTensor(dim))
        self.table = nn.Parameter(torch.FloatTensor(classes, dim))

    def forward(self, x, labels):
        B, T, C = x.shape
        hit = random_spans(B, T, 0.8, 10, least=2)
        x[hit] = self.fill
        miss = ~hit
        picked = x[hit]
        rest = x[miss]
        rows = torch.index_select(self.table, 0, labels[hit])
        sim = torch.cosine_similarity(picked.float(), rows.unsqueeze(0).expand(3, -1, -1), dim=-1)
        return sim, rest


class KnownCount(nn.Module):
    def forward(self, x):
        none = torch.full((4, 6), False)
        every = ~none
        return x[every], x[none]


class CoinFlip(nn.Module):
    def forward(self, x):
        if torch.rand(1).item() < 0.5:
            x = x * 2
        return x


class EmptyReshape(nn.Module):
    def forward(self, x):
        none = torch.full((4, 6), False)
        return x[none].reshape(0, -1)
