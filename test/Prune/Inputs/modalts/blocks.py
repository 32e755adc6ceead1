import torch
from torch import nn


class DropPath(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if self.p == 0.0 or not self.training:
            return x
        return x * 2


class Scale(nn.Module):
    def forward(self, x):
        return x * 2


class Block(nn.Module):
    def __init__(self, hidden_size, rate):
        super().__init__()
        self.fc = nn.Linear(hidden_size, hidden_size)
        self.drop_path = DropPath(rate) if rate > 0.0 else nn.Identity()

    def forward(self, hidden_states):
        return hidden_states + self.drop_path(self.fc(hidden_states))


class ScaledBlock(nn.Module):
    def __init__(self, hidden_size, rate):
        super().__init__()
        self.fc = nn.Linear(hidden_size, hidden_size)
        self.post = Scale() if rate > 0.0 else nn.Identity()

    def forward(self, hidden_states):
        return self.post(self.fc(hidden_states))
