from enum import Enum

import torch
from torch import nn


class Mode(Enum):
    NEAREST = "nearest"
    BILINEAR = "bilinear"


def scale(x, mode: Mode = Mode.BILINEAR):
    if not isinstance(mode, Mode):
        raise TypeError("mode should be a Mode")
    if mode.value in ["bilinear", "bicubic"]:
        return x * 2
    return x


def broken(x):
    raise ValueError("always")


class Scaled(nn.Module):
    def forward(self, hidden_states):
        return scale(hidden_states, Mode.BILINEAR)


class Raising(nn.Module):
    def forward(self, hidden_states):
        if broken(hidden_states) is None:
            return hidden_states * 3
        return hidden_states
