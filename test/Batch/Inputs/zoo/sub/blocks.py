from torch import nn

from ..broken import Oops
from ..layers import Dense


class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Dense(64, 64)
        self.second = Dense(64, 64)

    def forward(self, x):
        return self.second(self.first(x))


class UsesBroken(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Oops()

    def forward(self, x):
        return self.inner(x)
