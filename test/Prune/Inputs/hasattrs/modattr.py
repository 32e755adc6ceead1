# hasattr of a module: its source decides. transformers' audio encoders
# pick torch 2.1's parametrizations.weight_norm when torch has it; the
# installed torch's parametrizations module defines no weight_norm, so
# the older nn.utils.weight_norm is used.
from torch import nn


class PosConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(16, 16, kernel_size=4, padding=2, groups=4)
        weight_norm = nn.utils.weight_norm
        if hasattr(nn.utils.parametrizations, "weight_norm"):
            weight_norm = nn.utils.parametrizations.weight_norm
        self.scale = 2 if hasattr(nn.utils, "weight_norm") else 3
        self.conv = weight_norm(self.conv, name="weight", dim=2)

    def forward(self, x):
        return self.conv(x) * self.scale


class GetattrDefault(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(16, 16, kernel_size=4, padding=2, groups=4)
        weight_norm = getattr(nn.utils.parametrizations, "weight_norm", nn.utils.weight_norm)
        self.conv = weight_norm(self.conv, name="weight", dim=2)

    def forward(self, x):
        return self.conv(x)
