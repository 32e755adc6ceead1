# --set expression fixtures written for modcost's tests: a block whose
# constructor takes a settings object, sized by a static helper.
from typing import Sequence

import torch
from torch import nn


def snap(v, step):
    return max(step, int(v + step / 2) // step * step)


class BlockSettings:
    def __init__(self, channels, expand, width):
        self.channels = self.scaled(channels, width)
        self.hidden = self.scaled(channels * expand, width)

    @staticmethod
    def scaled(c, width):
        return snap(c * width, 8)


class SettingsBlock(nn.Module):
    def __init__(self, settings: BlockSettings, act_layer):
        super().__init__()
        self.up = nn.Linear(settings.channels, settings.hidden)
        self.act = act_layer()
        self.down = nn.Linear(settings.hidden, settings.channels)

    def forward(self, x):
        h = self.act(self.up(x))
        return self.down(h)


class SettingsStack(nn.Module):
    def __init__(self, settings):
        super().__init__()
        if not (
            isinstance(settings, Sequence)
            and all([isinstance(s, BlockSettings) for s in settings])
        ):
            raise TypeError("settings must be a list of BlockSettings")
        self.wide = 4 if any([s.hidden > 32 for s in settings]) else 5
        self.kind = 6 if isinstance(settings, str) else 7
        self.blocks = nn.Sequential(*[SettingsBlock(s, nn.ReLU) for s in settings])

    def forward(self, x):
        y = self.blocks(x)
        t = torch.zeros(self.wide, self.kind, len(self.blocks))
        return y, t
