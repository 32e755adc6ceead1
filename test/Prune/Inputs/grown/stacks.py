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
