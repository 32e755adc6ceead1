import torch
from torch import nn


def check(cond, msg):
    # An assert helper: computes nothing whichever way `cond` goes.
    if not cond:
        print(msg)
        log_failure(msg)
        raise AssertionError(msg)


def batched(x):
    # A rank guard around a view: free whichever way it goes.
    if x.dim() == 3:
        x = x.unsqueeze(0)
    return x


def shortcut(x, d):
    # The early return skips a real computation.
    if x.shape[0] == d:
        return x
    return torch.tanh(x)


def stash(x, keep):
    # A branch decided away (keep=False at the call) holds a call; the
    # undecided guard after it does not compute either way.
    if keep:
        log_tensor(x)
    if x.dim() == 2:
        x = x.flatten()
    return x


class Guarded(nn.Module):
    def forward(self, x):
        check(x.dim() > 0, "empty input")
        y = batched(x)
        z = stash(y, False)
        return shortcut(z, 3)
