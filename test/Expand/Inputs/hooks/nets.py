import torch
from torch import nn


class PosConv(nn.Module):
    """A grouped convolution under torch's weight normalization (as
    wav2vec2's positional convolution): `nn.utils.weight_norm` replaces the
    weight parameter by `weight_g` and `weight_v` and registers a forward
    pre-hook that recomputes the weight before every forward."""

    def __init__(self, channels: int = 16, kernel_size: int = 4, groups: int = 4):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, kernel_size,
                              padding=kernel_size // 2, groups=groups)
        self.conv = nn.utils.weight_norm(self.conv, name="weight", dim=2)

    def forward(self, x):
        x = self.conv(x)
        return x[..., :-1]


def halve_input(module, inputs):
    return inputs[0] * 0.5


def check_output(module, inputs, output):
    if output.shape[-1] != module.out_features:
        raise ValueError("unexpected output")


class Scale:
    def __init__(self, factor: float):
        self.factor = factor

    def __call__(self, x):
        return x * self.factor


def register_scale(module: nn.Module, name: str) -> None:
    # State changed from outside the module: a parameter registered, one
    # deleted, a buffer registered and removed again.
    module.register_parameter(name, nn.Parameter(torch.ones(module.out_features)))
    module.register_buffer("tmp", torch.zeros(3))
    delattr(module, "tmp")
    del module._parameters["bias"]
    module.bias = None


class Hooked(nn.Module):
    """Hooks of the caller's own: a pre-hook function whose result replaces
    the input, a forward hook that returns nothing, and a callable object
    applied to the output."""

    def __init__(self, features: int = 8):
        super().__init__()
        self.fc = nn.Linear(features, features)
        register_scale(self.fc, "gain")
        self.fc.register_forward_pre_hook(halve_input)
        self.fc.register_forward_hook(check_output)
        self.scale = Scale(2.0)

    def forward(self, x):
        x = self.fc(x)
        return self.scale(x) * self.fc.gain


class LambdaHooked(nn.Module):
    """A lambda hook: it runs as its body, its result replaces the
    output."""

    def __init__(self, features: int = 8):
        super().__init__()
        self.fc = nn.Linear(features, features)
        self.fc.register_forward_hook(lambda m, i, o: o * 2)

    def forward(self, x):
        return self.fc(x)
