# Python recursion: followed while its arguments change, to a bound.
from torch import nn


def lookup(where, name):
    # transformers' getattribute_from_module: not found where it looked
    # first, it looks once more in the top-level package.
    if where == "top":
        return 4
    return lookup("top", name)


def halve(hidden_states, n):
    # Recursion to a base case: three multiplications.
    if n == 0:
        return hidden_states
    return halve(hidden_states * 0.5, n - 1)


def count_children(module):
    # replace_batch_norm: a recursion over the module tree.
    total = 1
    for name, child in module.named_children():
        total = total + count_children(child)
    return total


def forever(hidden_states, n):
    # Arguments that change but never reach a base case.
    return forever(hidden_states, n + 1)


class Lookup(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size * lookup("models", "x"))

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class Halve(nn.Module):
    def forward(self, hidden_states):
        return halve(hidden_states, 3)


class Tree(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.inner = nn.Sequential(nn.Linear(hidden_size, hidden_size), nn.ReLU())
        self.proj = nn.Linear(hidden_size, hidden_size * count_children(self))

    def forward(self, hidden_states):
        return self.proj(self.inner(hidden_states))


class Forever(nn.Module):
    def forward(self, hidden_states):
        return forever(hidden_states, 0)


def replace_norms(model):
    # replace_batch_norm over a backbone whose modules are not known.
    for name, module in model.named_children():
        if len(list(module.children())) > 0:
            replace_norms(module)


class DeepTree(nn.Module):
    # A module tree 9 deep: the walk nests deeper than 8, each call on a
    # different module, and is followed to the leaves.
    def __init__(self, hidden_size):
        super().__init__()
        inner = nn.Linear(hidden_size, hidden_size)
        for _ in range(7):
            inner = nn.Sequential(inner)
        self.inner = inner
        self.proj = nn.Linear(hidden_size, hidden_size * count_children(self))

    def forward(self, hidden_states):
        return self.proj(hidden_states)


class UnknownTree(nn.Module):
    def __init__(self, hidden_size, backbone):
        super().__init__()
        replace_norms(backbone)
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states):
        return self.proj(hidden_states)
