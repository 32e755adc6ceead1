"""Inputs whose names have no shape convention."""
import torch
from torch import nn
import torch.nn.functional as F


class Scale(nn.Module):
    def forward(self, t):
        return t * 2.0


class PassThrough(nn.Module):
    """`features` reaches the Linear through a dropout, a cast, a scaling
    submodule and an activation: each keeps its shape."""

    def __init__(self, width: int = 64):
        super().__init__()
        self.dropout = nn.Dropout(0.1)
        self.scale = Scale()
        self.act = nn.GELU()
        self.proj = nn.Linear(width, 32)

    def forward(self, features):
        dropped = self.dropout(features)
        dropped = dropped.float()
        scaled = self.scale(dropped)
        return self.proj(self.act(scaled))


class Shapeless(nn.Module):
    """Nothing implies the shape of `blob`, and a sum over dimension 1
    needs its rank: its ops are unknown, and the input is the cause."""

    def forward(self, blob):
        return blob.sum(dim=1)


class Normalized(nn.Module):
    """An image model that first runs a method of its own on the input
    (torchvision's GoogLeNet and Inception3, `_transform_input`): with the
    flag off, the method returns its argument, so the convolution after it
    is the first consumer that implies a shape; with it on, it rebuilds the
    tensor from its channels, and nothing is implied."""

    def __init__(self, transform_input: bool = False):
        super().__init__()
        self.transform_input = transform_input
        self.conv = nn.Conv2d(3, 8, 3)

    def _transform_input(self, x):
        if self.transform_input:
            x = torch.cat((x[:, 0:1] * 2, x[:, 1:]), 1)
        return x

    def forward(self, x):
        x = self._transform_input(x)
        return self.conv(x)
