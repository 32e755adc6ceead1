# Fixtures for the cost rules of casts, data constructors, random tensors,
# grids and resampling (test/Cost/casts-data.test, resampling.test).
import torch
from torch import nn
import torch.nn.functional as F


class Casts(nn.Module):
    def forward(self, hidden_states):
        ids = hidden_states.long()
        mask = hidden_states.bool()
        small = hidden_states.int()
        same = ids.long()
        legacy = hidden_states.type("torch.DoubleTensor")
        full = hidden_states.type(torch.float32)
        name = hidden_states.type()
        flipped = hidden_states.flip(-1)
        rounded = torch.round(hidden_states) + torch.erf(hidden_states)
        return ids, mask, small, same, legacy, full, name, flipped, rounded


class Data(nn.Module):
    def forward(self, hidden_states):
        scale = torch.tensor(0.5)
        ids = torch.tensor([[0, 6, 10], [0, 8, 12]])
        rows = torch.tensor([[True], [False]])
        noise = torch.rand(hidden_states.shape[0], 8)
        ys, xs = torch.meshgrid(torch.arange(4), torch.arange(8), indexing="ij")
        coords = ys.reshape(-1)
        hidden_states.uniform_()
        copied = torch.tensor(hidden_states)
        same = torch.as_tensor(hidden_states)
        return scale, ids, rows, noise, xs, coords, copied, same


class Resample(nn.Module):
    def forward(self, pixel_values):
        up = F.interpolate(pixel_values, scale_factor=2.0, mode="nearest")
        bi = F.interpolate(pixel_values, size=(7, 7), mode="bilinear", align_corners=False)
        cubic = F.interpolate(pixel_values, scale_factor=0.5, mode="bicubic")
        area = F.interpolate(pixel_values, size=(4, 4), mode="area")
        grid = torch.zeros(pixel_values.shape[0], 5, 6, 2)
        sampled = F.grid_sample(pixel_values, grid, mode="bilinear", align_corners=False)
        return up, bi, cubic, area, sampled


class Pool3d(nn.Module):
    def forward(self, x):
        return F.max_pool3d(x, 2)
