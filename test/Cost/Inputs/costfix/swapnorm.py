# A constructor that swaps a backbone's BatchNorm2d for a frozen norm, as
# DETR's replace_batch_norm does: it walks named_children() recursively and
# stores the new module into `model._modules[name]`, unless the weights
# are on the meta device.
import torch
from torch import nn


class FrozenNorm(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.register_buffer("weight", torch.ones(n))
        self.register_buffer("bias", torch.zeros(n))

    def forward(self, x):
        return x * self.weight.reshape(1, -1, 1, 1) + self.bias.reshape(1, -1, 1, 1)


def replace_norm(model):
    for name, module in model.named_children():
        if isinstance(module, nn.BatchNorm2d):
            new_module = FrozenNorm(module.num_features)
            if module.weight.device != torch.device("meta"):
                new_module.weight.copy_(module.weight)
            model._modules[name] = new_module
        if len(list(module.children())) > 0:
            replace_norm(module)


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(channels)

    def forward(self, x):
        return self.norm(self.conv(x))


class SwapNorm(nn.Module):
    def __init__(self, channels):
        super().__init__()
        backbone = nn.Sequential(Block(channels), nn.BatchNorm2d(channels))
        replace_norm(backbone)
        self.backbone = backbone

    def forward(self, pixel_values):
        return self.backbone(pixel_values)


def make_table():
    # A module-level object imported inside a function (transformers'
    # `from .models.auto import CONFIG_MAPPING` in
    # consolidate_backbone_kwargs_to_config).
    from costfix.swaptable import WIDTHS

    return WIDTHS["wide"]


class LocalTable(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size * make_table())

    def forward(self, hidden_states):
        return self.proj(hidden_states)
