# Ops priced by catalog entries added in session 12 (docs/CostModel.md).
import torch
from torch import nn


class MoreOps(nn.Module):
    def forward(self, hidden_states):
        other = hidden_states[:, :1]
        a = torch.acos(hidden_states)
        b = hidden_states.asinh()
        c = b.atanh()
        d = torch.multiply(a, other)
        e = torch.maximum(d, other)
        f = torch.minimum(e, other)
        g = torch.xlogy(f, other)
        h = g.clamp_min(1e-5)
        i = torch.clip(h, 0.0, 1.0)
        j = i.clamp_max(0.5)
        k = torch.argmin(j, dim=-1)
        return c, j, k


class Gathers(nn.Module):
    def forward(self, hidden_states):
        hidden_states.requires_grad_()
        index = torch.arange(4)
        rows = hidden_states[0].index_select(0, index)
        cols = torch.index_select(hidden_states, 2, index)
        tiled = rows.tile((2,))
        grid = torch.arange(8).outer(torch.arange(4))
        return rows, cols, tiled, grid


class Windows(nn.Module):
    def __init__(self):
        super().__init__()
        self.unfold = nn.Unfold(kernel_size=[3, 1], padding=[1, 0])

    def forward(self, pixel_values):
        blocks = nn.functional.unfold(pixel_values, kernel_size=4, stride=4)
        columns = self.unfold(pixel_values)
        chunks = pixel_values.unfold(2, 8, 4)
        return blocks, columns, chunks.sum(-1)


class Masks(nn.Module):
    def forward(self, input_ids):
        mask = input_ids.ne(1)
        keep = torch.logical_not(mask)
        both = keep.logical_and(input_ids.le(5))
        counts = mask.sum(-1)
        picked = input_ids.half().gather(1, input_ids)
        return both.int(), counts, picked


class Shuffles(nn.Module):
    def __init__(self):
        super().__init__()
        self.shuffle = nn.PixelShuffle(2)

    def forward(self, pixel_values):
        kept = nn.functional.dropout2d(pixel_values, p=0.1, training=self.training)
        up = self.shuffle(kept)
        return nn.functional.pixel_unshuffle(up, 2)


class FromShape(nn.Module):
    def forward(self, shape: torch.Size, dtype: torch.dtype):
        if shape is not None:
            batch_size, _, height, width = shape
        rows = torch.arange(1, height + 1, dtype=dtype)
        return rows[None, :, None].expand(batch_size, height, width).cumsum(2)


class Observer(nn.Module):
    """A min/max observer (torch.ao.quantization's MinMaxObserver): skips
    an empty input, then takes the extremes of the rest in one pass."""

    def forward(self, x):
        if x.numel() == 0:
            return x
        lo, hi = torch.aminmax(x)
        return x.clamp(lo, hi)


class GaussianTopK(nn.Module):
    """Gemma-3n's activation sparsity: a cutoff at a normal quantile."""

    def forward(self, inputs: torch.Tensor):
        p = torch.tensor(0.95, dtype=torch.float32)
        std_multiplier = torch.erfinv(2 * p - 1) * (2**0.5)
        mean = inputs.mean(dim=-1, keepdim=True)
        std = inputs.std(dim=-1, keepdim=True)
        return nn.functional.relu(inputs - (mean + std * std_multiplier))
