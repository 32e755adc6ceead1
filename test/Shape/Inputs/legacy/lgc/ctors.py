import torch
from torch import nn


class Legacy(nn.Module):
    """Legacy constructors: sizes give an uninitialized tensor, data its shape."""

    def __init__(self, in_features=8, out_features=16):
        super().__init__()
        self.weight = nn.Parameter(torch.Tensor(out_features, in_features))
        self.bias = nn.Parameter(torch.FloatTensor(out_features))
        self.table = torch.LongTensor([1, 2, 3])

    def forward(self, x):
        n = x.shape[1]
        scratch = torch.Tensor(n, 4)
        ids = torch.LongTensor(x.shape[0], n)
        y = x @ self.weight.t() + self.bias
        return y, scratch, ids, self.table


class Limits(nn.Module):
    """finfo/iinfo limits as known scalars; a symbolic dtype gives opaque ones."""

    def forward(self, x, mask):
        low = torch.finfo(torch.float16).min
        eps = torch.finfo(torch.float32).eps
        big = torch.iinfo(torch.int64).max
        bits = torch.finfo(torch.bfloat16).bits
        filled = x.masked_fill(mask, torch.finfo(x.dtype).min)
        return filled + eps, low, big, bits


class Tails(nn.Module):
    """Negated symbolic ints and from-end slices."""

    def __init__(self, window=4):
        super().__init__()
        self.window = window

    def forward(self, x, slen: int, k: int):
        neg = -slen
        last = x[:, -slen:]
        tail = x[..., -k:]
        head = x[:-k]
        recent = x[:, -self.window :]
        return neg, last, tail, head, recent


class Sorting(nn.Module):
    """sort / argsort / bucketize and device moves."""

    def forward(self, x, boundaries):
        values, indices = torch.sort(x, dim=-1, descending=True)
        v2, i2 = x.sort(-1)
        order = torch.argsort(x, dim=-1)
        order2 = x.argsort()
        buckets = torch.bucketize(x, boundaries)
        on_cpu = x.cpu()
        on_gpu = x.cuda()
        return values, indices, v2, i2, order, order2, buckets, on_cpu, on_gpu
