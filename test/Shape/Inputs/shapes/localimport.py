import torch
from torch import nn


def build_projection(width):
    # A function-local import, as transformers' load_backbone imports
    # AutoBackbone: it binds what a module-level import would.
    from torch.nn import Linear

    return Linear(width, 2 * width)


class LocallyImported(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.proj = build_projection(width)

    def forward(self, x):
        from torch.nn.functional import relu

        return relu(self.proj(x))
