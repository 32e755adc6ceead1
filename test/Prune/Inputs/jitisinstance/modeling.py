# torch.jit.isinstance with a class decides like Python's isinstance
# (torchaudio's _get_spec_norms: `normalized` is a bool or a str).
from typing import List, Union

import torch
from torch import nn


def spec_norms(normalized: Union[str, bool]):
    window_norm = False
    if torch.jit.isinstance(normalized, str):
        window_norm = normalized == "window"
    elif torch.jit.isinstance(normalized, bool):
        if normalized:
            window_norm = True
    else:
        raise TypeError("Input type not supported")
    return window_norm


class Normalized(nn.Module):
    def __init__(self, normalized: Union[str, bool] = False):
        super().__init__()
        self.normalized = normalized

    def forward(self, x):
        if spec_norms(self.normalized):
            x = x * 2
        return x


class Container(nn.Module):
    def __init__(self, sizes=None):
        super().__init__()
        self.sizes = sizes

    def forward(self, x):
        if torch.jit.isinstance(self.sizes, List[int]):
            x = x * 2
        return x
