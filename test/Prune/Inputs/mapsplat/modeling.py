import torch
from torch import nn


class Outputs:
    # A mapping by the protocol `**` reads: keys() and __getitem__.
    def __init__(self, hidden, extra=None):
        self.hidden = hidden
        self.extra = extra

    def keys(self):
        names = ["hidden"]
        if self.extra is not None:
            names.append("extra")
        return names

    def __getitem__(self, key):
        return getattr(self, key)


class Wrapped:
    def __init__(self, hidden=None, extra=None, scale=None):
        self.hidden = hidden
        self.extra = extra
        self.scale = scale


class NoKeys:
    def __init__(self, hidden):
        self.hidden = hidden


class Rebuilt(nn.Module):
    def __init__(self, hidden_size=16):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states):
        out = Wrapped(**Outputs(self.proj(hidden_states)), scale=2)
        if out.hidden is not None:
            hidden_states = out.hidden * out.scale
        if out.extra is None:
            hidden_states = hidden_states + 1
        return hidden_states


class NotAMapping(nn.Module):
    def __init__(self, hidden_size=16):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states):
        out = Wrapped(**NoKeys(self.proj(hidden_states)))
        if out.hidden is not None:
            hidden_states = out.hidden * 2
        return hidden_states
