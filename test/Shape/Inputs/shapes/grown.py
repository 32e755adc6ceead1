"""Containers of submodules grown as maxvit grows them: an nn.ModuleList
extended by `+=` and `extend` (MaxVitBlock), an nn.Sequential of an
OrderedDict (typing's alias) filled by subscript (MBConv, MaxVitLayer)."""
from typing import OrderedDict

from torch import nn


class GrownList(nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.layers = nn.ModuleList()
        for idx in range(depth):
            self.layers += [nn.Linear(width if idx == 0 else 2 * width, 2 * width)]
        self.layers.extend([nn.ReLU(), nn.Linear(2 * width, width)])

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class NamedLayers(nn.Module):
    def __init__(self, width):
        super().__init__()
        layers: OrderedDict[str, nn.Module] = OrderedDict()
        layers["up"] = nn.Linear(width, 4 * width)
        layers["act"] = nn.GELU()
        layers["down"] = nn.Linear(4 * width, width)
        self.layers = nn.Sequential(layers)

    def forward(self, x):
        return self.layers(x)
