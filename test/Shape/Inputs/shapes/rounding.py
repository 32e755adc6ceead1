# Channel-rounding fixtures written for modcost's tests: round() and
# max()/min() of several arguments, as mobile networks size their layers.
import math

import torch
from torch import nn


def round_to_multiple(v, divisor, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


class Rounded(nn.Module):
    def __init__(self, channels, ratio=2.5, width=1.7):
        super().__init__()
        self.hidden = int(round(channels * ratio))
        self.ratio = ratio
        self.rounded = round_to_multiple(channels * width, 8)

    def forward(self, x):
        h = torch.zeros(x.shape[0], self.hidden)
        e = torch.zeros(round(self.ratio), round(self.ratio + 1), round(7.25, 1) * 2)
        d = torch.zeros(self.rounded, max(3, 2, 5), min(4.5, 9))
        s = torch.zeros(max(x.shape[1], 3), min(x.shape[0], round(x.shape[1])))
        return h, e, d, s


class Ceiled(nn.Module):
    def __init__(self, layers, depth_mult=1.2):
        super().__init__()
        self.up = int(math.ceil(layers * depth_mult))
        self.down = math.floor(layers * depth_mult)
        self.same = math.ceil(layers)

    def forward(self, x):
        return torch.zeros(self.up, self.down, self.same)
