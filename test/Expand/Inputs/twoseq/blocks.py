from torch import nn


class TwoSequentials(nn.Module):
    """Two nn.Sequential instances called with equal inputs: each has its
    own layers, so each needs its own report."""

    def __init__(self):
        super().__init__()
        self.first = nn.Sequential(nn.Linear(8, 8), nn.ReLU())
        self.second = nn.Sequential(nn.ReLU(), nn.Linear(8, 8), nn.Linear(8, 8))
        self.third = nn.Sequential(nn.Linear(8, 8), nn.ReLU())

    def forward(self, x):
        x = self.first(x)
        x = self.second(x)
        return self.third(x)
