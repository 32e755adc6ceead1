"""Module methods that return the module (SelfReturningMethods.cpp)."""
import torch
from torch import nn


class Wrapper(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = nn.Linear(8, 8)

    def unwrap(self):
        return self.inner

    def forward(self, x):
        return self.inner(x)


class Converted(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4).to(dtype=torch.float)
        self.head = nn.Linear(4, 2).eval().requires_grad_(False)
        self.other = Wrapper().unwrap()

    def forward(self, x):
        return self.other(self.head(self.fc(x)))
