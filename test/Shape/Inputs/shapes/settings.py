# --set expression fixtures written for modcost's tests: a block whose
# constructor takes a settings object, sized by a static helper.
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
