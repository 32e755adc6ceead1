import torch
from torch import nn


def from_pil(img):
    # Computes nothing on a tensor, but calls (an unknown op on a tensor).
    return [len(img.getbands()), img.size]


def dimensions(img):
    if isinstance(img, torch.Tensor):
        return img.shape
    return from_pil(img)


def first_positive(xs):
    for v in xs:
        return torch.relu(v)
    return None


class Tails(nn.Module):
    """`dimensions` runs twice: on a tensor its `isinstance` is decided and
    what follows the `return` runs on no path; on a value of unknown kind
    the condition is undecided and the tail runs unpriced."""

    def forward(self, x, flag: bool):
        y = x
        if flag:
            y = [x]
        a = dimensions(x)
        b = dimensions(y)
        c = first_positive(())
        return x + 1
