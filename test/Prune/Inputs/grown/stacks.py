import torch.nn as nn


class Appended(nn.Module):
    def __init__(self, num_layers, width=8):
        super().__init__()
        self.layers = nn.ModuleList()
        for _ in range(num_layers):
            self.layers.append(nn.Linear(width, width))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class StemThenAppended(nn.Module):
    def __init__(self, num_layers, width=8):
        super().__init__()
        blocks = nn.ModuleList([nn.Linear(width, 4)])
        for _ in range(num_layers):
            blocks.append(nn.Linear(4, 4))
        self.blocks = blocks

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


class TwoPerIteration(nn.Module):
    def __init__(self, num_layers, width=8):
        super().__init__()
        self.layers = nn.ModuleList()
        for _ in range(num_layers):
            self.layers.append(nn.Linear(width, width))
            self.layers.append(nn.ReLU())

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class Block(nn.Module):
    def __init__(self, scale, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 1)

    def forward(self, x, size):
        return self.conv(x)


class PyramidOfUnknownScales(nn.Module):
    def __init__(self, pool_scales, channels):
        super().__init__()
        self.blocks = nn.ModuleList([Block(s, channels) for s in pool_scales])

    def forward(self, x):
        size = x.size()[2:]
        return [block(x, size=size) for block in self.blocks]


class PickedByIndex(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(8, 48), nn.Linear(8, 96)])

    def forward(self, hidden_states, patch_height=None):
        out = []
        for i, hidden_state in enumerate(hidden_states):
            hidden_state = hidden_state.reshape(patch_height, -1)
            out.append(self.layers[i](hidden_state))
        return out


class ZippedWithUnknown(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList()
        for _ in range(3):
            self.layers.append(nn.Linear(8, 8))

    def forward(self, hidden_states):
        hidden_states = hidden_states[::-1]
        out = None
        for h, layer in zip(hidden_states, self.layers):
            out = layer(h)
        return out


class ZippedWithList(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 4)])

    def forward(self, x):
        for scale, layer in zip([1.0, 2.0], self.layers):
            x = layer(x) * scale
        return x


class CallsUnbuiltSubmodule(nn.Module):
    def __init__(self, factory):
        super().__init__()
        self.generator = factory()

    def forward(self, input_ids=None):
        out = self.generator(input_ids=None)
        return out
