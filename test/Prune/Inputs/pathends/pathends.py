from torch import nn


class NeedsInput(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states=None):
        if hidden_states is None:
            raise ValueError("You have to specify hidden_states")
        return self.proj(hidden_states)


class Wrapper(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = NeedsInput()

    def forward(self, hidden_states):
        return self.inner()


class CaughtRaise(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states):
        try:
            raise ImportError("no fused kernel")
        except ImportError:
            hidden_states = hidden_states * 2
        return self.proj(hidden_states)


def _grow(n):
    if n == 0:
        return 0
    return _grow(n - 1) + _grow(n - 1) + _grow(n - 1) + _grow(n - 1) + _grow(n - 1) + _grow(n - 1)


class Runaway(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.depth = _grow(7)
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class NeedsOneOf(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, features=None, embeds=None):
        if features is None and embeds is None:
            raise ValueError("You have to specify features or embeds")
        return self.proj(features if features is not None else embeds)
