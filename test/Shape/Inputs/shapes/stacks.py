# Container fixtures written for modcost's tests: an nn.Sequential of more
# than 16 different layers, built in nested loops as torchvision builds
# MobileNetV2's features.
from torch import nn


class LongSequential(nn.Module):
    def __init__(self, width):
        super().__init__()
        layers = []
        w = width
        for group in range(4):
            for j in range(5):
                layers.append(nn.Linear(w, w + group))
                w = w + group
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return self.body(x)
