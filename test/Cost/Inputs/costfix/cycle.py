# Two helpers calling each other: a composite cycle two calls deep.
from torch import nn


def ping(hidden_states):
    return pong(hidden_states * 2)


def pong(hidden_states):
    return ping(hidden_states + 1)


class PingPong(nn.Module):
    def forward(self, hidden_states):
        return ping(hidden_states)
