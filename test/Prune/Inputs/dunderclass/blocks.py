import math

from torch import nn


class Settings:
    model_type = "base"


class Scaled(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)
        self.settings = Settings()

    def forward(self, hidden_states):
        if hasattr(self.settings.__class__, "model_type"):
            hidden_states = hidden_states * 2
        if self.__class__.__name__ == "Scaled":
            hidden_states = hidden_states * 3
        return self.proj(hidden_states)


class Pooled(nn.Module):
    def __init__(self, kernel=(2, 2), hidden_size=64):
        super().__init__()
        self.stride = math.prod(kernel)
        self.proj = nn.Linear(hidden_size * self.stride, hidden_size)

    def forward(self, hidden_states):
        if self.stride > 1 and math.prod(()) == 1:
            batch, length, width = hidden_states.shape
            hidden_states = hidden_states.reshape(batch, -1, width * self.stride)
        return self.proj(hidden_states)
