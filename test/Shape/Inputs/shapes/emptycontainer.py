"""A loop over an empty module container, reduced from ConvNeXt's stage:
a stage that does not downsample builds `nn.ModuleList()` and its
`for layer in self.downsampling_layer` runs no iteration."""
from torch import nn


class Stage(nn.Module):
    def __init__(self, in_channels: int = 16, out_channels: int = 16, stride: int = 1):
        super().__init__()
        if in_channels != out_channels or stride > 1:
            self.downsampling_layer = nn.ModuleList(
                [nn.Conv2d(in_channels, out_channels, 2, stride=stride)]
            )
        else:
            self.downsampling_layer = nn.ModuleList()
        self.layers = nn.ModuleList([nn.Conv2d(out_channels, out_channels, 3, padding=1)])

    def forward(self, features):
        for layer in self.downsampling_layer:
            features = layer(features)
        for layer in self.layers:
            features = layer(features)
        return features


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleList([Stage(16, 16, 1), Stage(16, 32, 2)])

    def forward(self, hidden_states):
        for stage in self.stages:
            hidden_states = stage(hidden_states)
        return hidden_states
